import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTranslation } from "../../i18n";
import { formatWan } from "../../lib/format";

export interface InvestmentChartProps {
  months: { month: string; completedWan: number; plannedWan: number }[];
}

/** Investment completed per month (bars) against plan (line). */
export default function InvestmentChart({ months }: InvestmentChartProps) {
  const { t } = useTranslation();
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="investment-chart">
      <ResponsiveContainer>
        <ComposedChart data={months} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} interval={2} />
          <YAxis tickFormatter={(v: number) => formatWan(v)} width={70} />
          <Tooltip formatter={(value) => formatWan(Number(value))} />
          <Legend />
          <Bar dataKey="completedWan" name={t("charts.completed")} fill="#dc2626" isAnimationActive={false} />
          <Line
            dataKey="plannedWan"
            name={t("charts.planned")}
            stroke="#1d4ed8"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
