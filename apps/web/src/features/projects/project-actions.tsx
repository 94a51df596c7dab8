import type { RouterOutputs } from "@tracker/api";
import { nextEscalation } from "@tracker/domain";
import { Button, Space } from "antd";
import { useTranslation } from "../../i18n";
import { useMe } from "../../session/use-me";
import { AssignProblemDialog } from "../problems/assign-problem-dialog";
import { ProblemReasonDialog } from "../problems/problem-reason-dialog";
import { RaiseProblemDialog } from "../problems/raise-problem-dialog";
import { ResolveProblemDialog } from "../problems/resolve-problem-dialog";
import { VerifyProblemDialog } from "../problems/verify-problem-dialog";
import { MoveStageDialog } from "./move-stage-dialog";

type Project = RouterOutputs["projects"]["get"];
type Problem = Project["problems"][number];
type Me = NonNullable<RouterOutputs["auth"]["me"]>;
/** The dialogs of the project page; one is open at a time. */
export type ProjectDialog =
  | { kind: "stage" }
  | { kind: "raise" }
  | { kind: "assign"; problem: Problem }
  | { kind: "escalate"; problem: Problem }
  | { kind: "resolve"; problem: Problem }
  | { kind: "verify"; problem: Problem }
  | { kind: "reopen"; problem: Problem }
  | null;

/**
 * What the signed-in user may do on this project — the same rules the server enforces (DESIGN.md §4),
 * used only to decide which buttons to show: the server checks every call again.
 */
export function projectPermissions(me: Me | null | undefined, p: Project) {
  const person = me?.personId ?? null;
  const role = me?.role;
  const isLeader = (role === "leader" || role === "owner") && person !== null && p.fiveFixed?.leaderId === person;
  const isHolder =
    (role === "leader" || role === "owner") &&
    person !== null &&
    (p.fiveFixed?.leaderId === person || p.fiveFixed?.ownerId === person);
  const isOwnInvestor = role === "investor" && me?.investorId === p.investorId;
  const active = p.status === "active";
  return {
    moveStage: isHolder && active,
    raise: isHolder || isOwnInvestor,
    problem(problem: Problem) {
      const open = problem.status === "open" || problem.status === "in_progress";
      const unitStaff = role === "unit_staff" && me?.unitId === problem.assignedUnitId;
      return {
        assign: open && (isHolder || role === "leadership"),
        escalate: open && nextEscalation(problem.escalationLevel) !== null && (isHolder || unitStaff || role === "leadership"),
        resolve: open && (isHolder || unitStaff),
        verify: problem.status === "resolved" && (isLeader || role === "leadership"),
        reopen: !open && (isHolder || role === "leadership"),
      };
    },
  };
}

/** The header's actions: move the stage, raise a problem. */
export function ProjectActions({ project, open }: { project: Project; open: (d: ProjectDialog) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = projectPermissions(me.data, project);
  if (!can.moveStage && !can.raise) return null;
  return (
    <Space wrap>
      {can.moveStage && (
        <Button type="primary" onClick={() => open({ kind: "stage" })}>
          {t("actions.moveStage")}
        </Button>
      )}
      {can.raise && <Button onClick={() => open({ kind: "raise" })}>{t("actions.raise")}</Button>}
    </Space>
  );
}

/** A problem row's actions, by what the user may do with it. */
export function ProblemActions({
  project,
  problem,
  open,
}: {
  project: Project;
  problem: Problem;
  open: (d: ProjectDialog) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const can = projectPermissions(me.data, project).problem(problem);
  const kinds = (["resolve", "assign", "escalate", "verify", "reopen"] as const).filter((k) => can[k]);
  if (kinds.length === 0) return null;
  return (
    <Space size={4} wrap>
      {kinds.map((kind) => (
        <Button key={kind} size="small" onClick={() => open({ kind, problem })}>
          {t(`actions.${kind}`)}
        </Button>
      ))}
    </Space>
  );
}

/** Whichever of the project page's dialogs is open: each is its own write's dialog. */
export function ProjectDialogs({ project, dialog, close }: { project: Project; dialog: ProjectDialog; close: () => void }) {
  const { t } = useTranslation();
  if (!dialog) return null;
  if (dialog.kind === "stage") return <MoveStageDialog project={project} onClose={close} />;
  if (dialog.kind === "raise") return <RaiseProblemDialog project={project} onClose={close} />;
  const props = { problem: dialog.problem, title: `${t(`actions.${dialog.kind}`)} · ${project.name}`, onClose: close };
  switch (dialog.kind) {
    case "assign":
      return <AssignProblemDialog {...props} />;
    case "escalate":
      return <ProblemReasonDialog write="escalate" {...props} />;
    case "resolve":
      return <ResolveProblemDialog {...props} />;
    case "verify":
      return <VerifyProblemDialog {...props} />;
    case "reopen":
      return <ProblemReasonDialog write="reopen" {...props} />;
  }
}
