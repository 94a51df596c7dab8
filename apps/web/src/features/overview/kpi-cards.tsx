import type { RouterOutputs } from "@tracker/api";
import { Link } from "react-router";
import { useTranslation } from "../../i18n";
import { formatShare, formatWan, formatYi } from "../../lib/format";

type Summary = RouterOutputs["dashboard"]["summary"];

function Kpi({
  label,
  value,
  unit,
  note,
  testId,
  to,
}: {
  label: string;
  value: string;
  unit?: string;
  note?: string;
  testId: string;
  /** The register, filtered to the projects behind the figure. */
  to: string;
}) {
  return (
    <Link className="kpi" data-testid={testId} to={to}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {value}
        {unit && <span className="kpi-unit">{unit}</span>}
      </div>
      {note && <div className="kpi-note">{note}</div>}
    </Link>
  );
}

/** The headline figures the district reports; each opens the register with the projects behind it. */
export function KpiCards({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  return (
    <div className="kpi-grid">
      <Kpi
        testId="kpi-projects"
        to="/projects"
        label={t("kpi.projects")}
        value={String(summary.projectCount)}
        unit={t("kpi.unit")}
        note={t("kpi.ragNote", { red: summary.rag.red, amber: summary.rag.amber })}
      />
      <Kpi
        testId="kpi-total"
        to="/projects?sort=totalInvestmentWan&dir=desc"
        label={t("kpi.total")}
        value={formatYi(summary.totalInvestmentWan)}
        unit="亿元"
        note={`${formatWan(summary.totalInvestmentWan)} 万元`}
      />
      <Kpi
        testId="kpi-completed"
        to="/projects?sort=completedInvestmentWan&dir=desc"
        label={t("kpi.completed")}
        value={formatYi(summary.completedInvestmentWan)}
        unit="亿元"
        note={`${formatWan(summary.completedInvestmentWan)} 万元 · ${t("kpi.shareOfTotal", { share: formatShare(summary.completedInvestmentWan, summary.totalInvestmentWan) })}`}
      />
      <Kpi
        testId="kpi-operating"
        to="/projects?stage=operating"
        label={t("kpi.operating")}
        value={String(summary.operatingCount)}
        unit={t("kpi.unit")}
        note={t("kpi.shareOfProjects", { share: formatShare(summary.operatingCount, summary.projectCount) })}
      />
      <Kpi
        testId="kpi-started"
        to={`/projects?started=${summary.year}`}
        label={t("kpi.started", { year: summary.year })}
        value={String(summary.startedThisYearCount)}
        unit={t("kpi.unit")}
        note={t("kpi.startedNote")}
      />
      <Kpi
        testId="kpi-settled"
        to={`/projects?signed=${summary.year}`}
        label={t("kpi.settled", { year: summary.year })}
        value={String(summary.settledThisYearCount)}
        unit={t("kpi.unit")}
        note={t("kpi.settledNote")}
      />
    </div>
  );
}
