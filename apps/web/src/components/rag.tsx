import type { RagColour } from "@tracker/domain";
import { useTranslation } from "../i18n";

export const RAG_COLOURS: Record<RagColour, string> = { red: "#dc2626", amber: "#f59e0b", green: "#16a34a" };
/** Darker shades for tags with white text (WCAG AA). */
export const RAG_TAG_COLOURS: Record<RagColour, string> = { red: "#b91c1c", amber: "#b45309", green: "#15803d" };

/** "红灯（逾期）" … in the current language. */
export function useRagLabels(): Record<RagColour, string> {
  const { t } = useTranslation();
  return { red: t("rag.red"), amber: t("rag.amber"), green: t("rag.green") };
}

export function RagDot({ colour }: { colour: RagColour }) {
  const { t } = useTranslation();
  const labels = useRagLabels();
  const short = { red: t("rag.shortRed"), amber: t("rag.shortAmber"), green: t("rag.shortGreen") };
  return (
    <span title={labels[colour]}>
      <span className="rag-dot" style={{ background: RAG_COLOURS[colour] }} aria-hidden="true" />
      {short[colour]}
    </span>
  );
}
