import { useQueries, useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import { PERMIT_STATUS_LABELS, PROBLEM_STATUS_LABELS, STAGE_LABELS, STAGES, stageIndex } from "@tracker/domain";
import { Alert, Button, Empty, Progress, Skeleton, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { RAG_TAG_COLOURS, useRagLabels } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { formatShare, formatWan } from "../../lib/format";
import { trpc } from "../../trpc";
import { type ProjectDialog, ProjectDialogs } from "../projects/project-actions";

type Project = RouterOutputs["projects"]["get"];
type Permit = Project["permits"][number];

/** Permits the investor is waiting on or must act on, first: returned, then on the clock by time left. */
function permitOrder(a: Permit, b: Permit): number {
  const rank = (p: Permit) =>
    p.status === "returned" ? 0 : p.status === "submitted" || p.status === "in_review" ? 1 : p.status === "not_started" ? 2 : 3;
  return rank(a) - rank(b) || (a.workingDaysLeft ?? 999) - (b.workingDaysLeft ?? 999);
}

/**
 * The investor's portal (投资方): only their company's projects, each with its stage, every permit's
 * status and working days left against the statutory limit, what is missing when a permit was returned,
 * their open requests, and a button to raise a problem. Laid out for a phone first.
 */
export default function InvestorHome() {
  const { t } = useTranslation();
  const list = useQuery(trpc.projects.list.queryOptions({ pageSize: 50, sort: { by: "name", dir: "asc" } }));
  const ids = list.data?.items.map((p) => p.id) ?? [];
  const details = useQueries({ queries: ids.map((id) => trpc.projects.get.queryOptions({ id })) });
  const [dialog, setDialog] = useState<{ project: Project; dialog: ProjectDialog } | null>(null);

  if (list.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t("common.loadFailed")}
        description={list.error.message}
        action={<Button onClick={() => list.refetch()}>{t("common.retry")}</Button>}
      />
    );
  }
  return (
    <section aria-labelledby="portal-title" className="portal">
      <h1 id="portal-title" className="portal-title">
        {t("portal.title")}
      </h1>
      {!list.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : ids.length === 0 ? (
        <Empty description={t("portal.empty")} />
      ) : (
        details.map((d, i) =>
          d.data ? (
            <ProjectCard key={ids[i]} project={d.data} raise={() => setDialog({ project: d.data, dialog: { kind: "raise" } })} />
          ) : d.isError ? (
            <Alert key={ids[i]} type="error" showIcon title={t("common.loadFailed")} description={d.error.message} />
          ) : (
            <Skeleton key={ids[i]} active />
          ),
        )
      )}
      {dialog && <ProjectDialogs project={dialog.project} dialog={dialog.dialog} close={() => setDialog(null)} />}
    </section>
  );
}

function ProjectCard({ project: p, raise }: { project: Project; raise: () => void }) {
  const { t } = useTranslation();
  const [showApproved, setShowApproved] = useState(false);
  const label = useLabel();
  const ragLabels = useRagLabels();
  const permits = [...p.permits].filter((x) => x.status !== "not_required").sort(permitOrder);
  const approved = permits.filter((x) => x.status === "approved").length;
  const requests = p.problems.filter((x) => x.status === "open" || x.status === "in_progress");
  const step = stageIndex(p.stage);
  return (
    <article className="panel portal-card" aria-labelledby={`portal-project-${p.id}`} data-testid="portal-project">
      <header className="portal-card-head">
        <h2 id={`portal-project-${p.id}`}>
          <Link to={`/projects/${p.id}`}>{p.name}</Link>
        </h2>
        <Tag color={RAG_TAG_COLOURS[p.rag.colour]}>{ragLabels[p.rag.colour]}</Tag>
      </header>
      <div className="muted">{p.code}</div>
      <div className="portal-stage">
        <span>
          {t("portal.stage", { n: step + 1, of: STAGES.length })} <strong>{label(STAGE_LABELS[p.stage])}</strong>
        </span>
        <Progress
          percent={Math.round(((step + 1) / STAGES.length) * 100)}
          steps={STAGES.length}
          showInfo={false}
          size="small"
          aria-label={t("portal.stage", { n: step + 1, of: STAGES.length })}
        />
      </div>
      <div className="muted">
        {t("portal.investment", {
          completed: formatWan(p.completedInvestmentWan),
          total: formatWan(p.totalInvestmentWan),
          share: formatShare(p.completedInvestmentWan, p.totalInvestmentWan),
        })}
      </div>

      <h3>{t("portal.permits", { approved, total: permits.length })}</h3>
      <ul className="portal-list">
        {permits
          .filter((x) => showApproved || x.status !== "approved")
          .map((x) => (
            <li key={x.id} className={x.status === "returned" ? "portal-returned" : undefined}>
              <div className="portal-row">
                <span>{x.name}</span>
                <Tag>{label(PERMIT_STATUS_LABELS[x.status])}</Tag>
              </div>
              <div className="muted portal-sub">
                {x.unitName} · {t("portal.limit", { n: x.statutoryDays })}
                {x.workingDaysLeft !== null &&
                  (x.workingDaysLeft < 0 ? (
                    <span className="late"> · {t("detail.permit.over", { n: -x.workingDaysLeft })}</span>
                  ) : (
                    <span> · {t("portal.left", { n: x.workingDaysLeft })}</span>
                  ))}
                {x.certificateNo && <span> · {x.certificateNo}</span>}
              </div>
              {x.status === "returned" && x.missingMaterials && (
                <div className="portal-missing">
                  <strong>{t("portal.missing")}</strong>
                  <ol>
                    {x.missingMaterials.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ol>
                </div>
              )}
            </li>
          ))}
      </ul>
      {approved > 0 && (
        <Button type="link" size="small" onClick={() => setShowApproved((v) => !v)} aria-expanded={showApproved}>
          {showApproved ? t("portal.hideApproved") : t("portal.showApproved", { n: approved })}
        </Button>
      )}

      <h3>{t("portal.requests", { n: requests.length })}</h3>
      {requests.length === 0 ? (
        <p className="muted">{t("portal.noRequests")}</p>
      ) : (
        <ul className="portal-list">
          {requests.map((r) => (
            <li key={r.id}>
              <div className="portal-row">
                <span>{r.description}</span>
                <Tag>{label(PROBLEM_STATUS_LABELS[r.status])}</Tag>
              </div>
              <div className="muted portal-sub">
                {r.assignedUnitName} · {t("portal.due", { date: r.deadline })}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Button onClick={raise} block>
        {t("actions.raise")}
      </Button>
    </article>
  );
}
