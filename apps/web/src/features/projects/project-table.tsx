import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AppRouter } from "@tracker/api";
import { type RagColour, STAGE_LABELS, STAGES, type Stage } from "@tracker/domain";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { Alert, Button, Input, Progress, Select, Table, type TableProps, Tag } from "antd";
import { Link, useSearchParams } from "react-router";
import { RagDot, useRagLabels } from "../../components/rag";
import { formatWan } from "../../format";
import { useLabel, useTranslation } from "../../i18n";
import { trpc } from "../../trpc";

type ListInput = inferRouterInputs<AppRouter>["projects"]["list"];
type Item = inferRouterOutputs<AppRouter>["projects"]["list"]["items"][number];
type SortKey = NonNullable<ListInput["sort"]>["by"];

/** Solid tag colours dark enough for white text (WCAG AA). */
export const STAGE_COLOURS: Record<Stage, string> = {
  negotiation: "#4b5563",
  permits: "#1d4ed8",
  land: "#92400e",
  construction: "#c2410c",
  hiring: "#6d28d9",
  operating: "#15803d",
};

function positiveInt(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The list input from the URL, so a filtered view can be shared, bookmarked and reloaded. */
function inputFromParams(params: URLSearchParams): ListInput {
  const stage = params.get("stage");
  const rag = params.get("rag");
  const sortBy = params.get("sort") as SortKey | null;
  return {
    stage: STAGES.includes(stage as Stage) ? (stage as Stage) : undefined,
    rag: rag === "red" || rag === "amber" || rag === "green" ? rag : undefined,
    townshipId: positiveInt(params.get("township")),
    key: params.get("key") === "1" ? true : undefined,
    q: params.get("q") ?? undefined,
    sort: sortBy ? { by: sortBy, dir: params.get("dir") === "asc" ? "asc" : "desc" } : undefined,
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: positiveInt(params.get("size")) ?? 20,
  };
}

/** The project register with its five-fixed owners and RAG, filtered through the URL. */
export function ProjectTable() {
  const { t } = useTranslation();
  const label = useLabel();
  const ragLabels = useRagLabels();
  const [params, setParams] = useSearchParams();
  const input = inputFromParams(params);
  const list = useQuery({ ...trpc.projects.list.queryOptions(input), placeholderData: keepPreviousData });
  const options = useQuery(trpc.reference.options.queryOptions());

  const update = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete("page");
    setParams(next);
  };

  const sortOrder = (key: SortKey) =>
    input.sort?.by === key ? (input.sort.dir === "asc" ? ("ascend" as const) : ("descend" as const)) : null;

  const columns: TableProps<Item>["columns"] = [
    {
      title: t("register.col.rag"),
      dataIndex: "rag",
      width: 60,
      render: (rag: RagColour) => <RagDot colour={rag} />,
    },
    {
      title: t("register.col.name"),
      dataIndex: "name",
      width: 230,
      sorter: true,
      sortOrder: sortOrder("name"),
      render: (_: string, p) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            <Link to={`/projects/${p.id}`}>{p.name}</Link> {p.isKey && <Tag color="red">{t("register.col.key")}</Tag>}
          </div>
          <div className="muted" style={{ fontSize: 12 }}>
            {p.code}
          </div>
        </div>
      ),
    },
    {
      title: t("register.col.investor"),
      dataIndex: "investorName",
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrder("investorName"),
    },
    {
      title: t("register.col.stage"),
      dataIndex: "stage",
      width: 100,
      sorter: true,
      sortOrder: sortOrder("stage"),
      render: (stage: Stage) => <Tag color={STAGE_COLOURS[stage]}>{label(STAGE_LABELS[stage])}</Tag>,
    },
    {
      title: t("register.col.township"),
      dataIndex: "townshipName",
      width: 110,
      sorter: true,
      sortOrder: sortOrder("townshipName"),
    },
    {
      title: t("register.col.total"),
      dataIndex: "totalInvestmentWan",
      align: "right",
      width: 120,
      sorter: true,
      sortOrder: input.sort ? sortOrder("totalInvestmentWan") : "descend",
      render: (v: number) => formatWan(v),
    },
    {
      title: t("register.col.completed"),
      dataIndex: "completedInvestmentWan",
      width: 140,
      render: (v: number, p) => (
        <Progress
          percent={p.totalInvestmentWan === 0 ? 0 : Math.round((v / p.totalInvestmentWan) * 100)}
          size="small"
          aria-label={`${t("register.col.completed")} ${formatWan(v)} 万元`}
        />
      ),
    },
    { title: t("register.col.leader"), dataIndex: "leaderName", width: 100, sorter: true, sortOrder: sortOrder("leaderName") },
    {
      title: t("register.col.unit"),
      dataIndex: "unitName",
      width: 120,
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrder("unitName"),
    },
    { title: t("register.col.owner"), dataIndex: "ownerName", width: 100, sorter: true, sortOrder: sortOrder("ownerName") },
    {
      title: t("register.col.target"),
      dataIndex: "targetTask",
      ellipsis: true,
      render: (v: string | null) => v ?? t("common.none"),
    },
    {
      title: t("register.col.deadline"),
      dataIndex: "deadline",
      width: 110,
      sorter: true,
      sortOrder: sortOrder("deadline"),
      render: (v: string | null) => v ?? t("common.none"),
    },
  ];

  return (
    <section className="panel" aria-labelledby="register-title">
      <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", marginBottom: 12 }}>
        <h2 id="register-title" style={{ margin: 0, marginRight: "auto" }}>
          {t("register.title")}{" "}
          <span className="muted" data-testid="register-total">
            {t("register.total", { n: list.data?.total ?? "…" })}
          </span>
        </h2>
        <Input.Search
          placeholder={t("register.search")}
          allowClear
          defaultValue={input.q}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 280 }}
          aria-label={t("register.searchLabel")}
        />
        <Select
          placeholder={t("register.allStages")}
          allowClear
          value={input.stage}
          onChange={(stage?: Stage) => update({ stage })}
          options={STAGES.map((s) => ({ value: s, label: label(STAGE_LABELS[s]) }))}
          style={{ width: 130 }}
          aria-label={t("register.col.stage")}
        />
        <Select
          placeholder={t("register.allTownships")}
          allowClear
          value={input.townshipId}
          onChange={(id?: number) => update({ township: id ? String(id) : undefined })}
          options={options.data?.townships.map((t) => ({ value: t.id, label: t.name }))}
          style={{ width: 150 }}
          aria-label={t("register.col.township")}
        />
        <Select
          placeholder={t("register.ragFilter")}
          allowClear
          value={input.rag}
          onChange={(rag?: RagColour) => update({ rag })}
          options={(["red", "amber", "green"] as const).map((c) => ({ value: c, label: ragLabels[c] }))}
          style={{ width: 140 }}
          aria-label={t("register.ragFilter")}
        />
        <Select
          value={input.key ? "1" : "all"}
          onChange={(v: string) => update({ key: v === "1" ? "1" : undefined })}
          options={[
            { value: "all", label: t("register.allProjects") },
            { value: "1", label: t("register.keyProjects") },
          ]}
          style={{ width: 110 }}
          aria-label={t("register.keyProjects")}
        />
        {params.toString() && (
          <Button onClick={() => setParams(new URLSearchParams())} type="link">
            {t("common.clearFilters")}
          </Button>
        )}
      </div>
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={t("register.loadFailed")}
          description={list.error.message}
          action={<Button onClick={() => list.refetch()}>{t("common.retry")}</Button>}
        />
      ) : (
        <Table<Item>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 1300 }}
          locale={{ emptyText: t("register.empty") }}
          pagination={{
            current: input.page,
            pageSize: input.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t("register.showTotal", { n: total }),
          }}
          onChange={(pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const by = s?.order ? (String(s.field) as SortKey) : undefined;
            update(
              {
                page: pagination.current && pagination.current > 1 ? String(pagination.current) : undefined,
                size: pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
                sort: by,
                dir: by ? (s?.order === "ascend" ? "asc" : "desc") : undefined,
              },
              true,
            );
          }}
        />
      )}
    </section>
  );
}
