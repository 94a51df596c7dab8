import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "../../i18n";
import { formatWan } from "../../lib/format";

export interface CumulativeChartProps {
  /** The latest reports, newest first (as the API gives them). */
  reports: { period: string; investmentWan: number }[];
  totalWan: number;
  completedWan: number;
}

/** Cumulative investment completed over the reported months, against the total. */
export default function CumulativeChart({ reports, totalWan, completedWan }: CumulativeChartProps) {
  const { t } = useTranslation();
  // The reports shown may be the last 24 only: count back from the project's completed total.
  const ordered = [...reports].sort((a, b) => a.period.localeCompare(b.period));
  let running = completedWan - ordered.reduce((s, r) => s + r.investmentWan, 0);
  const data = ordered.map((r) => {
    running += r.investmentWan;
    return { month: r.period.slice(0, 7), cumulative: running };
  });
  return (
    <div style={{ width: "100%", height: 240 }} data-testid="cumulative-chart">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => formatWan(v)} width={70} domain={[0, Math.max(totalWan, 1)]} />
          <Tooltip formatter={(value) => formatWan(Number(value))} />
          <ReferenceLine y={totalWan} stroke="#6b7280" strokeDasharray="4 4" label={t("charts.totalLine")} />
          <Line
            dataKey="cumulative"
            name={t("charts.completed")}
            stroke="#dc2626"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
