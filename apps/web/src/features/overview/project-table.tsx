import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AppRouter } from "@tracker/api";
import { type RagColour, STAGE_LABELS, STAGES, type Stage } from "@tracker/domain";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { Alert, Button, Input, Progress, Select, Table, type TableProps, Tag } from "antd";
import { useSearchParams } from "react-router";
import { RAG_LABELS, RagDot } from "../../components/rag";
import { formatWan } from "../../format";
import { trpc } from "../../trpc";

type ListInput = inferRouterInputs<AppRouter>["projects"]["list"];
type Item = inferRouterOutputs<AppRouter>["projects"]["list"]["items"][number];
type SortKey = NonNullable<ListInput["sort"]>["by"];

const STAGE_COLOURS: Record<Stage, string> = {
  negotiation: "default",
  permits: "blue",
  land: "gold",
  construction: "orange",
  hiring: "purple",
  operating: "green",
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
      title: "灯",
      dataIndex: "rag",
      width: 60,
      render: (rag: RagColour) => <RagDot colour={rag} />,
    },
    {
      title: "项目名称",
      dataIndex: "name",
      width: 230,
      sorter: true,
      sortOrder: sortOrder("name"),
      render: (_: string, p) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            {p.name} {p.isKey && <Tag color="red">重点</Tag>}
          </div>
          <div className="muted" style={{ fontSize: 12 }}>
            {p.code}
          </div>
        </div>
      ),
    },
    { title: "投资方", dataIndex: "investorName", ellipsis: true },
    {
      title: "阶段",
      dataIndex: "stage",
      width: 100,
      sorter: true,
      sortOrder: sortOrder("stage"),
      render: (stage: Stage) => <Tag color={STAGE_COLOURS[stage]}>{STAGE_LABELS[stage].zh}</Tag>,
    },
    { title: "乡镇/街道", dataIndex: "townshipName", width: 100 },
    {
      title: "总投资(万元)",
      dataIndex: "totalInvestmentWan",
      align: "right",
      width: 120,
      sorter: true,
      sortOrder: input.sort ? sortOrder("totalInvestmentWan") : "descend",
      render: (v: number) => formatWan(v),
    },
    {
      title: "完成投资",
      dataIndex: "completedInvestmentWan",
      width: 140,
      render: (v: number, p) => (
        <Progress
          percent={p.totalInvestmentWan === 0 ? 0 : Math.round((v / p.totalInvestmentWan) * 100)}
          size="small"
          aria-label={`完成投资 ${formatWan(v)} 万元`}
        />
      ),
    },
    { title: "分包领导", dataIndex: "leaderName", width: 90 },
    { title: "责任单位", dataIndex: "unitName", width: 120, ellipsis: true },
    { title: "项目责任人", dataIndex: "ownerName", width: 96 },
    { title: "目标任务", dataIndex: "targetTask", ellipsis: true, render: (v: string | null) => v ?? "—" },
    {
      title: "时间节点",
      dataIndex: "deadline",
      width: 110,
      sorter: true,
      sortOrder: sortOrder("deadline"),
      render: (v: string | null) => v ?? "—",
    },
  ];

  return (
    <section className="panel" aria-labelledby="register-title">
      <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", marginBottom: 12 }}>
        <h2 id="register-title" style={{ margin: 0, marginRight: "auto" }}>
          项目台账{" "}
          <span className="muted" data-testid="register-total">
            共 {list.data?.total ?? "…"} 个
          </span>
        </h2>
        <Input.Search
          placeholder="项目名称、代码、投资方或拼音首字母"
          allowClear
          defaultValue={input.q}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 280 }}
          aria-label="搜索项目"
        />
        <Select
          placeholder="全部阶段"
          allowClear
          value={input.stage}
          onChange={(stage?: Stage) => update({ stage })}
          options={STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s].zh }))}
          style={{ width: 130 }}
          aria-label="阶段"
        />
        <Select
          placeholder="全部乡镇/街道"
          allowClear
          value={input.townshipId}
          onChange={(id?: number) => update({ township: id ? String(id) : undefined })}
          options={options.data?.townships.map((t) => ({ value: t.id, label: t.name }))}
          style={{ width: 150 }}
          aria-label="乡镇/街道"
        />
        <Select
          placeholder="红黄绿灯"
          allowClear
          value={input.rag}
          onChange={(rag?: RagColour) => update({ rag })}
          options={(["red", "amber", "green"] as const).map((c) => ({ value: c, label: RAG_LABELS[c] }))}
          style={{ width: 140 }}
          aria-label="红黄绿灯"
        />
        <Select
          value={input.key ? "1" : "all"}
          onChange={(v: string) => update({ key: v === "1" ? "1" : undefined })}
          options={[
            { value: "all", label: "全部项目" },
            { value: "1", label: "重点项目" },
          ]}
          style={{ width: 110 }}
          aria-label="重点项目"
        />
        {params.toString() && (
          <Button onClick={() => setParams(new URLSearchParams())} type="link">
            清除筛选
          </Button>
        )}
      </div>
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title="项目台账加载失败"
          description={list.error.message}
          action={<Button onClick={() => list.refetch()}>重试</Button>}
        />
      ) : (
        <Table<Item>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 1300 }}
          locale={{ emptyText: "没有符合条件的项目" }}
          pagination={{
            current: input.page,
            pageSize: input.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => `共 ${total} 个项目`,
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
