import type { RagColour } from "@tracker/domain";
import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { RAG_COLOURS, useRagLabels } from "../../components/rag";
import { useTranslation } from "../../i18n";

export interface RagDonutProps {
  rag: Record<RagColour, number>;
  onSelect?: (colour: RagColour) => void;
}

/** Projects by RAG colour; a click on a segment opens the register filtered to that colour. */
export default function RagDonut({ rag, onSelect }: RagDonutProps) {
  const { t } = useTranslation();
  const labels = useRagLabels();
  const data = (["red", "amber", "green"] as const).map((colour) => ({ colour, name: labels[colour], value: rag[colour] }));
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="rag-donut">
      <ResponsiveContainer>
        <PieChart>
          <Pie
            data={data}
            dataKey="value"
            nameKey="name"
            innerRadius={55}
            outerRadius={90}
            isAnimationActive={false}
            label={({ value }) => `${value}`}
            onClick={(entry) => onSelect?.((entry as unknown as { colour: RagColour }).colour)}
            cursor="pointer"
          >
            {data.map((d) => (
              <Cell key={d.colour} fill={RAG_COLOURS[d.colour]} />
            ))}
          </Pie>
          <Tooltip formatter={(value) => [t("common.count", { n: value }), t("charts.projects")]} />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
