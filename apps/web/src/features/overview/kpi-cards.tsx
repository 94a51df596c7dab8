import type { AppRouter } from "@tracker/api";
import type { inferRouterOutputs } from "@trpc/server";
import { formatShare, formatYi } from "../../format";

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
  return (
    <div className="kpi-grid">
      <Kpi
        testId="kpi-projects"
        label="引进项目"
        value={String(summary.projectCount)}
        unit="个"
        note={`红灯 ${summary.rag.red} 个 · 黄灯 ${summary.rag.amber} 个`}
      />
      <Kpi testId="kpi-total" label="总投资" value={formatYi(summary.totalInvestmentWan)} unit="亿元" />
      <Kpi
        testId="kpi-completed"
        label="累计完成投资"
        value={formatYi(summary.completedInvestmentWan)}
        unit="亿元"
        note={`占总投资 ${formatShare(summary.completedInvestmentWan, summary.totalInvestmentWan)}`}
      />
      <Kpi
        testId="kpi-operating"
        label="建成投产"
        value={String(summary.operatingCount)}
        unit="个"
        note={`占项目总数 ${formatShare(summary.operatingCount, summary.projectCount)}`}
      />
    </div>
  );
}
