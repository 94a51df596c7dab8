import { STAGE_LABELS, type Stage } from "@tracker/domain";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatYi } from "../../format";

export interface StageFunnelProps {
  byStage: { stage: Stage; count: number; totalInvestmentWan: number }[];
  onSelect?: (stage: Stage) => void;
}

const COLOURS = ["#fca5a5", "#f87171", "#ef4444", "#dc2626", "#b91c1c", "#7f1d1d"];

/** Projects per stage as a horizontal funnel; a click on a bar filters the register to that stage. */
export default function StageFunnelChart({ byStage, onSelect }: StageFunnelProps) {
  const data = byStage.map((s) => ({ ...s, label: STAGE_LABELS[s.stage].zh, yi: Number(formatYi(s.totalInvestmentWan)) }));
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="stage-funnel">
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 90 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={80} />
          <Tooltip
            formatter={(value, _name, item) => [`${value} 个 · ${item.payload.yi} 亿元`, "项目"]}
            labelFormatter={(label) => String(label)}
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
            <LabelList dataKey="count" position="right" formatter={(v) => `${v} 个`} style={{ fill: "#111827" }} />
            <LabelList
              dataKey="yi"
              position="right"
              offset={44}
              formatter={(v) => `${v} 亿`}
              style={{ fill: "#6b7280", fontSize: 12 }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
