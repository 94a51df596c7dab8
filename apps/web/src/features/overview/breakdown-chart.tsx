import { WAN_PER_YI } from "@tracker/domain";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "../../i18n";
import { formatYi } from "../../lib/format";

export interface BreakdownRow {
  name: string;
  townshipId: number | null;
  projects: number;
  totalWan: number;
  completedWan: number;
}

export interface BreakdownChartProps {
  rows: BreakdownRow[];
  /** A click on a bar opens the register filtered to that industry or township. */
  onSelect?: (row: BreakdownRow) => void;
  testId: string;
}

/** Total and completed investment (亿元) per industry or township, largest first, as horizontal bars. */
export default function BreakdownChart({ rows, onSelect, testId }: BreakdownChartProps) {
  const { t } = useTranslation();
  const data = rows
    .filter((r) => r.projects > 0)
    .map((r) => ({ ...r, totalYi: r.totalWan / WAN_PER_YI, completedYi: r.completedWan / WAN_PER_YI }));
  const height = Math.max(160, data.length * 26 + 60);
  return (
    <div style={{ width: "100%", height }} data-testid={testId}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }} barGap={0} barCategoryGap="20%">
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => formatYi(v * WAN_PER_YI)} />
          <YAxis type="category" dataKey="name" width={96} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip
            formatter={(value, name) => [`${formatYi(Number(value) * WAN_PER_YI)} 亿元`, name]}
            labelFormatter={(label, payload) =>
              `${label} · ${t("common.count", { n: (payload?.[0]?.payload as BreakdownRow | undefined)?.projects ?? 0 })}`
            }
          />
          <Legend />
          {(["totalYi", "completedYi"] as const).map((key) => (
            <Bar
              key={key}
              dataKey={key}
              name={key === "totalYi" ? t("charts.totalInvestment") : t("charts.completed")}
              fill={key === "totalYi" ? "#fca5a5" : "#b91c1c"}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(entry) => onSelect?.(entry as unknown as BreakdownRow)}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
