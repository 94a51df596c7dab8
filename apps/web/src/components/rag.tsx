import type { RagColour } from "@tracker/domain";

export const RAG_COLOURS: Record<RagColour, string> = { red: "#dc2626", amber: "#f59e0b", green: "#16a34a" };
export const RAG_LABELS: Record<RagColour, string> = { red: "红灯（逾期）", amber: "黄灯（临期）", green: "绿灯（正常）" };
const SHORT: Record<RagColour, string> = { red: "红", amber: "黄", green: "绿" };

export function RagDot({ colour }: { colour: RagColour }) {
  return (
    <span title={RAG_LABELS[colour]}>
      <span className="rag-dot" style={{ background: RAG_COLOURS[colour] }} aria-hidden="true" />
      {SHORT[colour]}
    </span>
  );
}
