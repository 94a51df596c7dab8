import { useQuery } from "@tanstack/react-query";
import type { Stage } from "@tracker/domain";
import { Alert, Button, Skeleton } from "antd";
import { lazy, Suspense } from "react";
import { useSearchParams } from "react-router";
import { trpc } from "../../trpc";
import { KpiCards } from "./kpi-cards";
import { ProjectTable } from "./project-table";

// Recharts is the heaviest dependency: load it in its own chunk, after the figures.
const StageFunnelChart = lazy(() => import("./stage-funnel-chart"));
const RagDonut = lazy(() => import("./rag-donut"));

/** The leadership overview: headline figures, the stage funnel, RAG, and the project register. */
export default function OverviewPage() {
  const summary = useQuery(trpc.dashboard.summary.queryOptions({}));
  const [params, setParams] = useSearchParams();
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    next.delete("page");
    setParams(next);
  };

  return (
    <main className="page">
      {summary.isError ? (
        <Alert
          type="error"
          showIcon
          title="数据加载失败"
          description={summary.error.message}
          action={<Button onClick={() => summary.refetch()}>重试</Button>}
        />
      ) : !summary.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <KpiCards summary={summary.data} />
          <div className="chart-grid">
            <section className="panel" aria-labelledby="funnel-title">
              <h2 id="funnel-title">项目阶段分布（个数 / 总投资）</h2>
              <Suspense fallback={<Skeleton active />}>
                <StageFunnelChart byStage={summary.data.byStage} onSelect={(stage: Stage) => setFilter("stage", stage)} />
              </Suspense>
            </section>
            <section className="panel" aria-labelledby="rag-title">
              <h2 id="rag-title">红黄绿灯</h2>
              <Suspense fallback={<Skeleton active />}>
                <RagDonut rag={summary.data.rag} onSelect={(colour) => setFilter("rag", colour)} />
              </Suspense>
            </section>
          </div>
        </>
      )}
      <ProjectTable />
    </main>
  );
}
