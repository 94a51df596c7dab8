import { useQuery } from "@tanstack/react-query";
import type { RagColour, Stage } from "@tracker/domain";
import { Alert, Button, Skeleton } from "antd";
import { lazy, Suspense } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { QueryState } from "../../components/query-state";
import { RAG_COLOURS } from "../../components/rag";
import { useTranslation } from "../../i18n";
import { isDistrictReader } from "../../session/district-reader";
import { useMe } from "../../session/use-me";
import { trpc } from "../../trpc";
import { ProjectTable } from "../projects/project-table";
import { LeaguePanel, OverduePanel } from "./accountability";
import { KpiCards } from "./kpi-cards";

// Recharts is the heaviest dependency: load it in its own chunks, after the figures.
const StageFunnelChart = lazy(() => import("./stage-funnel-chart"));
const RagDonut = lazy(() => import("./rag-donut"));
const InvestmentChart = lazy(() => import("./investment-chart"));
const BreakdownChart = lazy(() => import("./breakdown-chart"));
const InvestorHome = lazy(() => import("../investor/investor-home"));

/** The leadership overview: headline figures, the stage funnel, RAG, investment against plan, the register. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  // Investors get their portal: their own projects, permits and requests, not the district's charts.
  const isInvestor = me.data?.role === "investor";
  const isAuditor = me.data?.role === "auditor";
  const districtCharts = me.isSuccess && !isInvestor && !isAuditor;
  const summary = useQuery({ ...trpc.dashboard.summary.queryOptions({}), enabled: me.isSuccess && !isAuditor });
  const months = useQuery({ ...trpc.dashboard.investmentByMonth.queryOptions({}), enabled: districtCharts });
  const breakdown = useQuery({ ...trpc.dashboard.breakdown.queryOptions({}), enabled: districtCharts });
  const navigate = useNavigate();
  // Rankings and named overdue lists are for the district's own people, not investors.
  const canSeeAccountability = me.data ? isDistrictReader(me.data.role) : false;
  // Every chart segment drills into the register, filtered.
  const drill = (key: string, value: string) => navigate(`/projects?${new URLSearchParams({ [key]: value })}`);

  // The auditor's home is the audit log.
  if (isAuditor) return <Navigate to="/audit" replace />;

  return (
    <main className="page">
      {summary.isError ? (
        <Alert
          type="error"
          showIcon
          title={t("common.loadFailed")}
          description={summary.error.message}
          action={<Button onClick={() => summary.refetch()}>{t("common.retry")}</Button>}
        />
      ) : !summary.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <KpiCards summary={summary.data} />
          {!isInvestor && (
            <div className="chart-grid">
              <section className="panel" aria-labelledby="funnel-title">
                <h2 id="funnel-title">{t("charts.funnel")}</h2>
                <Suspense fallback={<Skeleton active />}>
                  <StageFunnelChart byStage={summary.data.byStage} onSelect={(stage: Stage) => drill("stage", stage)} />
                </Suspense>
              </section>
              <section className="panel" aria-labelledby="rag-title">
                <h2 id="rag-title">{t("charts.rag")}</h2>
                <Suspense fallback={<Skeleton active />}>
                  <RagDonut rag={summary.data.rag} onSelect={(colour: RagColour) => drill("rag", colour)} />
                </Suspense>
                <TopReasons enabled={districtCharts} />
              </section>
            </div>
          )}
        </>
      )}
      {isInvestor ? (
        <Suspense fallback={<Skeleton active />}>
          <InvestorHome />
        </Suspense>
      ) : (
        <>
          <section className="panel" aria-labelledby="monthly-title" style={{ marginBottom: 16 }}>
            <h2 id="monthly-title">{t("charts.monthly")}</h2>
            <QueryState query={months}>
              {(data) => (
                <Suspense fallback={<Skeleton active />}>
                  <InvestmentChart months={data} />
                </Suspense>
              )}
            </QueryState>
          </section>
          <div className="grid-2" style={{ marginBottom: 16 }}>
            <section className="panel" aria-labelledby="industry-title">
              <h2 id="industry-title">{t("charts.byIndustry")}</h2>
              <QueryState query={breakdown}>
                {(data) => (
                  <Suspense fallback={<Skeleton active />}>
                    <BreakdownChart
                      testId="industry-chart"
                      rows={data.byIndustry}
                      onSelect={(row) => drill("industry", row.name)}
                    />
                  </Suspense>
                )}
              </QueryState>
            </section>
            <section className="panel" aria-labelledby="township-title">
              <h2 id="township-title">{t("charts.byTownship")}</h2>
              <QueryState query={breakdown}>
                {(data) => (
                  <Suspense fallback={<Skeleton active />}>
                    <BreakdownChart
                      testId="township-chart"
                      rows={data.byTownship}
                      onSelect={(row) => row.townshipId !== null && drill("township", String(row.townshipId))}
                    />
                  </Suspense>
                )}
              </QueryState>
            </section>
          </div>
          {canSeeAccountability && (
            <div className="grid-2" style={{ marginBottom: 16 }}>
              <section className="panel" aria-labelledby="overdue-title">
                <h2 id="overdue-title">{t("accountability.overdue")}</h2>
                <OverduePanel />
              </section>
              <section className="panel" aria-labelledby="leagues-title">
                <h2 id="leagues-title">{t("accountability.leagues")}</h2>
                <LeaguePanel />
              </section>
            </div>
          )}
          <ProjectTable />
        </>
      )}
    </main>
  );
}

/** The most common reasons projects are red or amber, each opening the register at that colour. */
function TopReasons({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const reasons = useQuery({ ...trpc.dashboard.ragReasons.queryOptions({}), enabled });
  const top = (reasons.data ?? []).filter((r) => r.projects > 0).slice(0, 5);
  if (top.length === 0) return null;
  return (
    <div data-testid="rag-reasons">
      <h3 className="muted" style={{ fontSize: 13, margin: "8px 0 4px" }}>
        {t("charts.topReasons")}
      </h3>
      <ol className="top-reasons">
        {top.map((r) => (
          <li key={r.kind}>
            <Link to={`/projects?rag=${r.colour}`}>
              <span className="rag-dot" style={{ background: RAG_COLOURS[r.colour] }} aria-hidden="true" />
              {t(`rag.reasons.${r.kind}`)}
            </Link>
            <span className="muted">{t("common.count", { n: r.projects })}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
