import type { RagColour } from "@tracker/domain";
import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { RAG_COLOURS, RAG_LABELS } from "../../components/rag";

export interface RagDonutProps {
  rag: Record<RagColour, number>;
  onSelect?: (colour: RagColour) => void;
}

/** Projects by RAG colour; a click on a segment filters the register to that colour. */
export default function RagDonut({ rag, onSelect }: RagDonutProps) {
  const data = (["red", "amber", "green"] as const).map((colour) => ({ colour, name: RAG_LABELS[colour], value: rag[colour] }));
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
          <Tooltip formatter={(value) => [`${value} 个`, "项目"]} />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
