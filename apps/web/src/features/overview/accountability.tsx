import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@tracker/api";
import { Table, Tabs } from "antd";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state";
import { useTranslation } from "../../i18n";
import { trpc } from "../../trpc";

type Overdue = RouterOutputs["dashboard"]["overdue"];
type Leagues = RouterOutputs["dashboard"]["leagues"];
type LeagueRow = Leagues["leaders"][number];

const projectLink = (name: string, row: { projectId: number }) => <Link to={`/projects/${row.projectId}`}>{name}</Link>;
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });

/** What is late and who owns it: the four overdue lists, each item with its owner. */
export function OverduePanel() {
  const overdue = useQuery(trpc.dashboard.overdue.queryOptions({}));
  return <QueryState query={overdue}>{(o) => <OverdueLists o={o} />}</QueryState>;
}

function OverdueLists({ o }: { o: Overdue }) {
  const { t } = useTranslation();
  const late = (n: number) => <span className="late">{t("accountability.lateDays", { n })}</span>;
  const common = {
    size: "small" as const,
    pagination: { pageSize: 8, hideOnSinglePage: true },
    locale: { emptyText: t("accountability.none") },
  };
  return (
    <Tabs
      items={[
        {
          key: "milestones",
          label: t("accountability.milestones", { n: o.totals.milestones }),
          children: (
            <Table
              {...common}
              rowKey="milestoneId"
              dataSource={o.milestones}
              columns={[
                { title: t("accountability.project"), dataIndex: "projectName", render: projectLink },
                { title: t("accountability.item"), dataIndex: "name" },
                { title: t("accountability.due"), dataIndex: "plannedDate", width: 110 },
                { title: t("accountability.late"), dataIndex: "daysLate", width: 90, render: late },
                {
                  title: t("accountability.owner"),
                  key: "owner",
                  render: (_: unknown, r: Overdue["milestones"][number]) => `${r.leaderName ?? "—"} / ${r.ownerName ?? "—"}`,
                },
              ]}
            />
          ),
        },
        {
          key: "fiveFixed",
          label: t("accountability.fiveFixed", { n: o.totals.fiveFixed }),
          children: (
            <Table
              {...common}
              rowKey="projectId"
              dataSource={o.fiveFixed}
              columns={[
                { title: t("accountability.project"), dataIndex: "projectName", render: projectLink },
                { title: t("accountability.item"), dataIndex: "targetTask" },
                { title: t("accountability.due"), dataIndex: "deadline", width: 110 },
                { title: t("accountability.late"), dataIndex: "daysLate", width: 90, render: late },
                {
                  title: t("accountability.owner"),
                  key: "owner",
                  render: (_: unknown, r: Overdue["fiveFixed"][number]) => `${r.leaderName} / ${r.unitName} / ${r.ownerName}`,
                },
              ]}
            />
          ),
        },
        {
          key: "permits",
          label: t("accountability.permits", { n: o.totals.permits }),
          children: (
            <Table
              {...common}
              rowKey="permitId"
              dataSource={o.permits}
              columns={[
                { title: t("accountability.project"), dataIndex: "projectName", render: projectLink },
                { title: t("accountability.item"), dataIndex: "itemName" },
                { title: t("accountability.due"), dataIndex: "dueDate", width: 110 },
                {
                  title: t("accountability.late"),
                  dataIndex: "workingDaysLate",
                  width: 120,
                  render: (n: number) => <span className="late">{t("accountability.lateWorkingDays", { n })}</span>,
                },
                { title: t("accountability.owner"), dataIndex: "unitName" },
              ]}
            />
          ),
        },
        {
          key: "problems",
          label: t("accountability.problems", { n: o.totals.problems }),
          children: (
            <Table
              {...common}
              rowKey="problemId"
              dataSource={o.problems}
              columns={[
                { title: t("accountability.project"), dataIndex: "projectName", render: projectLink },
                { title: t("accountability.item"), dataIndex: "description" },
                { title: t("accountability.due"), dataIndex: "deadline", width: 110 },
                { title: t("accountability.late"), dataIndex: "daysLate", width: 90, render: late },
                { title: t("accountability.owner"), dataIndex: "assignedUnitName" },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

/** League tables of supervising leaders, units and townships. */
export function LeaguePanel() {
  const leagues = useQuery(trpc.dashboard.leagues.queryOptions({}));
  return <QueryState query={leagues}>{(data) => <LeagueTabs leagues={data} />}</QueryState>;
}

function LeagueTabs({ leagues }: { leagues: Leagues }) {
  const { t } = useTranslation();
  const table = (rows: LeagueRow[]) => (
    <Table<LeagueRow>
      size="small"
      rowKey="id"
      dataSource={rows}
      pagination={{ pageSize: 8, hideOnSinglePage: true }}
      columns={[
        { title: "#", key: "rank", width: 48, render: (_: unknown, _r, i) => i + 1 },
        { title: t("accountability.name"), dataIndex: "name" },
        { title: t("accountability.projects"), dataIndex: "projects", width: 80, align: "right" },
        {
          title: t("accountability.onTime"),
          dataIndex: "onTimeRate",
          width: 110,
          align: "right",
          render: (r: number | null) => (r === null ? "—" : percent.format(r)),
        },
        { title: t("accountability.overdueCount"), dataIndex: "overdueCount", width: 90, align: "right" },
        { title: t("accountability.resolved"), dataIndex: "problemsResolved", width: 100, align: "right" },
        {
          title: t("accountability.median"),
          dataIndex: "medianDaysToResolve",
          width: 150,
          align: "right",
          render: (d: number | null) => (d === null ? "—" : d),
        },
      ]}
    />
  );
  return (
    <Tabs
      items={[
        { key: "leaders", label: t("accountability.leaders"), children: table(leagues.leaders) },
        { key: "units", label: t("accountability.units"), children: table(leagues.units) },
        { key: "townships", label: t("accountability.townships"), children: table(leagues.townships) },
      ]}
    />
  );
}
