import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import { chinaToday, ESCALATION_LABELS, type IsoDate, STAGE_LABELS } from "@tracker/domain";
import { Alert, Button, Select, Skeleton } from "antd";
import { type ReactNode, useRef, useState } from "react";
import { Link } from "react-router";
import { RAG_COLOURS } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { formatShare, formatWan, formatYi } from "../../lib/format";
import { useUrlFilters } from "../../lib/use-url-filters";
import { isDistrictReader } from "../../session/district-reader";
import { useMe } from "../../session/use-me";
import { trpc } from "../../trpc";
import "./report.css";

type Outputs = RouterOutputs;
type Summary = Outputs["dashboard"]["summary"];
type Overdue = Outputs["dashboard"]["overdue"];
type RedProject = Outputs["projects"]["list"]["items"][number];

/** The list endpoint's page limit: a district with more red projects gets a note that the list is cut. */
const RED_PAGE_SIZE = 200;
/** Reasons shown per red project; the rest are counted. */
const REASONS_SHOWN = 3;

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The weekly dispatch report (调度周报) for the district or one township: the headline figures, the red
 * projects with their five-fixed owners and why they are red, and the problems past their deadline.
 * Printable on A4 and downloadable as a PDF.
 */
export default function ReportPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null; // RequireSession renders pages only with a user.
  if (!isDistrictReader(me.data.role)) {
    return (
      <main className="page">
        <Alert type="info" showIcon title={t("report.notAvailable")} description={t("report.notAvailableDetail")} />
      </main>
    );
  }
  return <DispatchReport />;
}

function DispatchReport() {
  const { t, i18n } = useTranslation();
  const { params, update } = useUrlFilters();
  const townshipId = positiveInt(params.get("township"));
  const filter = townshipId ? { townshipId } : {};
  const options = useQuery(trpc.reference.options.queryOptions());
  const summary = useQuery(trpc.dashboard.summary.queryOptions(filter));
  const red = useQuery(
    trpc.projects.list.queryOptions({
      rag: "red",
      townshipId,
      pageSize: RED_PAGE_SIZE,
      // Grouped by supervising leader: in the meeting each leader answers for their projects in turn.
      sort: { by: "leaderName", dir: "asc" },
    }),
  );
  const overdue = useQuery(trpc.dashboard.overdue.queryOptions(filter));
  const contentRef = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<{ busy: boolean; error?: string }>({ busy: false });

  // The server decides what is overdue by the date in China; the report is dated the same way.
  const today = chinaToday();
  const township = townshipId ? options.data?.townships.find((tw) => tw.id === townshipId) : undefined;
  const unknownTownship = townshipId !== undefined && options.data !== undefined && township === undefined;
  const title = townshipId ? t("report.townshipTitle", { township: township?.name ?? "…" }) : t("report.title");
  const queries = [summary, red, overdue];
  const failed = queries.filter((q) => q.isError);
  const ready = summary.data && red.data && overdue.data;

  const chooseTownship = (id?: number) => update({ township: id ? String(id) : undefined });

  const downloadPdf = async () => {
    if (!contentRef.current) return;
    setPdf({ busy: true });
    try {
      // Loaded on first use only: the PDF libraries are not part of the page's code.
      const { downloadReportPdf } = await import("./report-pdf");
      // Let the busy button paint before the rendering takes the main thread for a few seconds.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const name = [t("report.fileName"), township?.name, today].filter(Boolean).join("-");
      await downloadReportPdf(contentRef.current, `${name}.pdf`);
      setPdf({ busy: false });
    } catch (error) {
      setPdf({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  };

  let body: ReactNode;
  if (unknownTownship) {
    body = (
      <Alert
        type="warning"
        showIcon
        title={t("report.unknownTownship")}
        action={<Button onClick={() => chooseTownship(undefined)}>{t("report.wholeDistrict")}</Button>}
      />
    );
  } else if (failed.length > 0) {
    body = (
      <Alert
        type="error"
        showIcon
        title={t("report.loadFailed")}
        description={failed[0]?.error?.message}
        action={
          <Button
            onClick={() => {
              for (const q of failed) void q.refetch();
            }}
          >
            {t("common.retry")}
          </Button>
        }
      />
    );
  } else if (!ready) {
    body = (
      <div aria-busy="true" data-testid="report-loading">
        <Skeleton active paragraph={{ rows: 4 }} />
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  } else {
    body = (
      <>
        <FiguresSection summary={summary.data} />
        <RedProjectsSection projects={red.data.items} total={red.data.total} overdue={overdue.data} />
        <ProblemsSection overdue={overdue.data} leaders={leadersByProject(red.data.items)} />
      </>
    );
  }

  return (
    <main className="page report-page">
      <div className="report-toolbar">
        <Select
          placeholder={t("report.wholeDistrict")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={township ? township.id : undefined}
          onChange={(id?: number) => chooseTownship(id)}
          options={options.data?.townships.map((tw) => ({ value: tw.id, label: tw.name }))}
          loading={options.isPending}
          style={{ width: 200 }}
          aria-label={t("report.scopeLabel")}
        />
        <span className="report-toolbar-spacer" />
        <Button onClick={() => window.print()}>{t("report.print")}</Button>
        <Button type="primary" onClick={downloadPdf} loading={pdf.busy} disabled={!ready || unknownTownship}>
          {pdf.busy ? t("report.building") : t("report.download")}
        </Button>
      </div>
      {pdf.error !== undefined && (
        <Alert
          className="report-toolbar-alert"
          type="error"
          showIcon
          closable={{ onClose: () => setPdf({ busy: false }) }}
          title={t("report.downloadFailed")}
          description={pdf.error}
        />
      )}
      <article className="report-sheet" aria-labelledby="report-title">
        <div ref={contentRef} className="report-content">
          <header className="report-head report-keep">
            <h1 id="report-title">{title}</h1>
            <p className="report-meta">
              <span>
                {townshipId ? t("report.scopeTownship", { township: township?.name ?? "…" }) : t("report.scopeDistrict")}
              </span>
              <span data-testid="report-date">{t("report.date", { date: formatDate(today, i18n.language) })}</span>
            </p>
          </header>
          {body}
          <footer className="report-foot report-keep">{t("report.footer", { date: formatDate(today, i18n.language) })}</footer>
        </div>
      </article>
    </main>
  );
}

function formatDate(date: IsoDate, language: string): string {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

function Figure({
  label,
  value,
  unit,
  note,
  testId,
}: {
  label: string;
  value: string;
  unit: string;
  note: string;
  testId: string;
}) {
  return (
    <div className="report-figure" data-testid={testId}>
      <div className="report-figure-label">{label}</div>
      <div className="report-figure-value">
        {value}
        <span className="report-figure-unit">{unit}</span>
      </div>
      <div className="report-figure-note">{note}</div>
    </div>
  );
}

/** 一、the headline figures, the stages and the RAG counts. */
function FiguresSection({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const label = useLabel();
  const s = summary;
  return (
    <section className="report-section" aria-labelledby="report-figures-title">
      <h2 id="report-figures-title">{t("report.figures")}</h2>
      <div className="report-figures report-keep">
        <Figure
          testId="report-projects"
          label={t("report.projects")}
          value={String(s.projectCount)}
          unit={t("report.unitCount")}
          note={t("report.redNote", { red: s.rag.red })}
        />
        <Figure
          testId="report-total"
          label={t("report.total")}
          value={formatYi(s.totalInvestmentWan)}
          unit="亿元"
          note={`${formatWan(s.totalInvestmentWan)} 万元`}
        />
        <Figure
          testId="report-completed"
          label={t("report.completed")}
          value={formatYi(s.completedInvestmentWan)}
          unit="亿元"
          note={`${formatWan(s.completedInvestmentWan)} 万元 · ${t("report.shareOfTotal", {
            share: formatShare(s.completedInvestmentWan, s.totalInvestmentWan),
          })}`}
        />
        <Figure
          testId="report-operating"
          label={t("report.operating")}
          value={String(s.operatingCount)}
          unit={t("report.unitCount")}
          note={t("report.shareOfProjects", { share: formatShare(s.operatingCount, s.projectCount) })}
        />
      </div>
      <table className="report-table report-stages" data-testid="report-stages">
        <caption>{t("report.stages")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("report.col.stage")}</th>
            {s.byStage.map((b) => (
              <th scope="col" key={b.stage}>
                {label(STAGE_LABELS[b.stage])}
              </th>
            ))}
            <th scope="col">{t("report.sum")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("report.stageCount")}</th>
            {s.byStage.map((b) => (
              <td key={b.stage}>{b.count}</td>
            ))}
            <td>{s.projectCount}</td>
          </tr>
          <tr>
            <th scope="row">{t("report.stageInvestment")}</th>
            {s.byStage.map((b) => (
              <td key={b.stage}>{formatYi(b.totalInvestmentWan)}</td>
            ))}
            <td>{formatYi(s.totalInvestmentWan)}</td>
          </tr>
        </tbody>
      </table>
      <p className="report-rag report-keep" data-testid="report-rag">
        <span className="report-rag-label">{t("report.rag")}</span>
        {(["red", "amber", "green"] as const).map((colour) => (
          <span key={colour} className="report-rag-item">
            <span className="rag-dot" style={{ background: RAG_COLOURS[colour] }} aria-hidden="true" />
            {t(`report.ragCount.${colour}`, { n: s.rag[colour] })}
          </span>
        ))}
      </p>
    </section>
  );
}

interface Reason {
  daysLate: number;
  text: string;
}

/**
 * Why each red project is red, from the overdue lists (each names the project). Those lists hold the
 * most overdue items of each kind up to the server's limit, so a project can be red for a reason the
 * lists leave out: the row then points to the project page.
 */
function useReasonsByProject(overdue: Overdue): Map<number, Reason[]> {
  const { t } = useTranslation();
  const reasons = new Map<number, Reason[]>();
  const add = (projectId: number, reason: Reason) => {
    const list = reasons.get(projectId) ?? [];
    list.push(reason);
    reasons.set(projectId, list);
  };
  for (const f of overdue.fiveFixed) {
    add(f.projectId, {
      daysLate: f.daysLate,
      text: t("report.reason.fiveFixed", { task: f.targetTask ?? f.deadline, n: f.daysLate }),
    });
  }
  for (const m of overdue.milestones) {
    add(m.projectId, { daysLate: m.daysLate, text: t("report.reason.milestone", { name: m.name, n: m.daysLate }) });
  }
  for (const p of overdue.permits) {
    add(p.projectId, {
      // Working days, but the order only needs to put the worst first.
      daysLate: p.workingDaysLate,
      text: t("report.reason.permit", { item: p.itemName, unit: p.unitName, n: p.workingDaysLate }),
    });
  }
  for (const p of overdue.problems) {
    add(p.projectId, {
      daysLate: p.daysLate,
      text: t("report.reason.problem", { description: p.description, n: p.daysLate }),
    });
  }
  for (const list of reasons.values()) list.sort((a, b) => b.daysLate - a.daysLate);
  return reasons;
}

function leadersByProject(projects: RedProject[]): Map<number, string> {
  const leaders = new Map<number, string>();
  for (const p of projects) if (p.leaderName) leaders.set(p.id, p.leaderName);
  return leaders;
}

/** 二、the red projects with their five-fixed owners and the reasons. */
function RedProjectsSection({ projects, total, overdue }: { projects: RedProject[]; total: number; overdue: Overdue }) {
  const { t } = useTranslation();
  const label = useLabel();
  const reasons = useReasonsByProject(overdue);
  const none = t("common.none");
  return (
    <section className="report-section" aria-labelledby="report-red-title">
      <h2 id="report-red-title">{t("report.redProjects", { n: total })}</h2>
      {projects.length === 0 ? (
        <p className="report-empty">{t("report.noRed")}</p>
      ) : (
        <table className="report-table report-list" data-testid="report-red">
          <colgroup>
            <col style={{ width: "5%" }} />
            <col style={{ width: "22%" }} />
            <col style={{ width: "9%" }} />
            <col style={{ width: "11%" }} />
            <col style={{ width: "9%" }} />
            <col style={{ width: "11%" }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t("report.col.index")}</th>
              <th scope="col">{t("report.col.project")}</th>
              <th scope="col">{t("report.col.leader")}</th>
              <th scope="col">{t("report.col.unit")}</th>
              <th scope="col">{t("report.col.owner")}</th>
              <th scope="col">{t("report.col.deadline")}</th>
              <th scope="col">{t("report.col.reasons")}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p, i) => {
              const list = reasons.get(p.id) ?? [];
              return (
                <tr key={p.id} data-testid="report-red-row">
                  <td className="report-num">{i + 1}</td>
                  <td>
                    <Link to={`/projects/${p.id}`} className="report-project">
                      {p.name}
                    </Link>
                    {p.isKey && <span className="report-key">{t("report.key")}</span>}
                    <div className="report-sub">
                      {p.townshipName && `${p.townshipName} · `}
                      {label(STAGE_LABELS[p.stage])} ·{" "}
                      <span className="report-nowrap">{formatWan(p.totalInvestmentWan)} 万元</span>
                    </div>
                  </td>
                  <td>{p.leaderName ?? none}</td>
                  <td>{p.unitName ?? none}</td>
                  <td>{p.ownerName ?? none}</td>
                  <td className="report-date">{p.deadline ?? none}</td>
                  <td>
                    {list.length === 0 ? (
                      <span className="report-sub">{t("report.reasonsOnProjectPage")}</span>
                    ) : (
                      <ul className="report-reasons">
                        {list.slice(0, REASONS_SHOWN).map((r) => (
                          <li key={r.text}>{r.text}</li>
                        ))}
                        {list.length > REASONS_SHOWN && (
                          <li className="report-sub">{t("report.moreReasons", { n: list.length - REASONS_SHOWN })}</li>
                        )}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {total > projects.length && <p className="report-note">{t("report.listCut", { shown: projects.length, total })}</p>}
    </section>
  );
}

/** 三、open problems past their deadline, with the unit that must solve them; and the other overdue counts. */
function ProblemsSection({ overdue, leaders }: { overdue: Overdue; leaders: Map<number, string> }) {
  const { t } = useTranslation();
  const label = useLabel();
  const problems = overdue.problems;
  const totals = overdue.totals;
  return (
    <section className="report-section" aria-labelledby="report-problems-title">
      <h2 id="report-problems-title">{t("report.problems", { n: totals.problems })}</h2>
      {problems.length === 0 ? (
        <p className="report-empty">{t("report.noProblems")}</p>
      ) : (
        <table className="report-table report-list" data-testid="report-problems">
          <colgroup>
            <col style={{ width: "5%" }} />
            <col style={{ width: "18%" }} />
            <col />
            <col style={{ width: "14%" }} />
            <col style={{ width: "9%" }} />
            <col style={{ width: "9%" }} />
            <col style={{ width: "11%" }} />
            <col style={{ width: "9%" }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t("report.col.index")}</th>
              <th scope="col">{t("report.col.project")}</th>
              <th scope="col">{t("report.col.problem")}</th>
              <th scope="col">{t("report.col.assignedUnit")}</th>
              <th scope="col">{t("report.col.level")}</th>
              <th scope="col">{t("report.col.leader")}</th>
              <th scope="col">{t("report.col.due")}</th>
              <th scope="col">{t("report.col.late")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={p.problemId} data-testid="report-problem-row">
                <td className="report-num">{i + 1}</td>
                <td>
                  <Link to={`/projects/${p.projectId}?tab=problems`} className="report-project">
                    {p.projectName}
                  </Link>
                </td>
                <td>{p.description}</td>
                <td>{p.assignedUnitName}</td>
                <td>{label(ESCALATION_LABELS[p.escalationLevel])}</td>
                <td>{leaders.get(p.projectId) ?? t("common.none")}</td>
                <td className="report-date">{p.deadline}</td>
                <td className="report-late">{t("report.days", { n: p.daysLate })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {totals.problems > problems.length && (
        <p className="report-note">{t("report.listCut", { shown: problems.length, total: totals.problems })}</p>
      )}
      <p className="report-note report-keep" data-testid="report-other-overdue">
        {t("report.otherOverdue", { fiveFixed: totals.fiveFixed, milestones: totals.milestones, permits: totals.permits })}
      </p>
    </section>
  );
}
