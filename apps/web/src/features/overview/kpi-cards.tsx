import type { AppRouter } from "@tracker/api";
import type { inferRouterOutputs } from "@trpc/server";
import { formatShare, formatWan, formatYi } from "../../format";
import { useTranslation } from "../../i18n";

type Summary = inferRouterOutputs<AppRouter>["dashboard"]["summary"];

function Kpi({
  label,
  value,
  unit,
  note,
  testId,
}: {
  label: string;
  value: string;
  unit?: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {value}
        {unit && <span className="kpi-unit">{unit}</span>}
      </div>
      {note && <div className="kpi-note">{note}</div>}
    </div>
  );
}

/** The four headline figures the district reports. */
export function KpiCards({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  return (
    <div className="kpi-grid">
      <Kpi
        testId="kpi-projects"
        label={t("kpi.projects")}
        value={String(summary.projectCount)}
        unit={t("kpi.unit")}
        note={t("kpi.ragNote", { red: summary.rag.red, amber: summary.rag.amber })}
      />
      <Kpi
        testId="kpi-total"
        label={t("kpi.total")}
        value={formatYi(summary.totalInvestmentWan)}
        unit="亿元"
        note={`${formatWan(summary.totalInvestmentWan)} 万元`}
      />
      <Kpi
        testId="kpi-completed"
        label={t("kpi.completed")}
        value={formatYi(summary.completedInvestmentWan)}
        unit="亿元"
        note={`${formatWan(summary.completedInvestmentWan)} 万元 · ${t("kpi.shareOfTotal", { share: formatShare(summary.completedInvestmentWan, summary.totalInvestmentWan) })}`}
      />
      <Kpi
        testId="kpi-operating"
        label={t("kpi.operating")}
        value={String(summary.operatingCount)}
        unit={t("kpi.unit")}
        note={t("kpi.shareOfProjects", { share: formatShare(summary.operatingCount, summary.projectCount) })}
      />
    </div>
  );
}
