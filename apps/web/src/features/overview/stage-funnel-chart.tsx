import { STAGE_LABELS, type Stage } from "@tracker/domain";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLabel, useTranslation } from "../../i18n";
import { formatYi } from "../../lib/format";

export interface StageFunnelProps {
  byStage: { stage: Stage; count: number; totalInvestmentWan: number }[];
  onSelect?: (stage: Stage) => void;
}

const COLOURS = ["#fca5a5", "#f87171", "#ef4444", "#dc2626", "#b91c1c", "#7f1d1d"];

/** Projects per stage as a horizontal funnel; a click on a bar opens the register at that stage. */
export default function StageFunnelChart({ byStage, onSelect }: StageFunnelProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const data = byStage.map((s) => ({ ...s, label: label(STAGE_LABELS[s.stage]), yi: formatYi(s.totalInvestmentWan) }));
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="stage-funnel">
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 100 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={110} />
          <Tooltip
            formatter={(value, _name, item) => [
              `${t("common.count", { n: value })} · ${item.payload.yi} 亿元`,
              t("charts.projects"),
            ]}
          />
          <Bar
            dataKey="count"
            cursor="pointer"
            onClick={(entry) => onSelect?.((entry as unknown as { stage: Stage }).stage)}
            isAnimationActive={false}
          >
            {data.map((d, i) => (
              <Cell key={d.stage} fill={COLOURS[i]} />
            ))}
            <LabelList dataKey="count" position="right" style={{ fill: "#111827" }} />
            <LabelList
              dataKey="yi"
              position="right"
              offset={40}
              formatter={(v) => `${v} 亿元`}
              style={{ fill: "#6b7280", fontSize: 12 }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
