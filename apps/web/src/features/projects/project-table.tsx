import { DownloadOutlined, SettingOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterInputs, RouterOutputs } from "@tracker/api";
import {
  LIFECYCLE_LABELS,
  LIFECYCLE_STATUSES,
  type LifecycleStatus,
  PROJECT_CATEGORIES,
  PROJECT_CATEGORY_LABELS,
  type ProjectCategory,
  type RagColour,
  REGISTER_COLUMNS,
  type RegisterColumn,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from "@tracker/domain";
import { Alert, App, Button, Checkbox, Input, Popover, Progress, Select, Table, type TableProps, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { RagDot, useRagLabels } from "../../components/rag";
import { useLabel, useTranslation } from "../../i18n";
import { downloadBase64 } from "../../lib/download";
import { formatWan } from "../../lib/format";
import { useUrlFilters } from "../../lib/use-url-filters";
import { trpc } from "../../trpc";

type ListInput = RouterInputs["projects"]["list"];
type Item = RouterOutputs["projects"]["list"]["items"][number];
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

function year(value: string | null): number | undefined {
  const n = positiveInt(value);
  return n !== undefined && n >= 2000 && n <= 2100 ? n : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** The list input from the URL, so a filtered view can be shared, bookmarked and reloaded. */
export function inputFromParams(params: URLSearchParams): ListInput {
  const sortBy = params.get("sort") as SortKey | null;
  const overdue = params.get("overdue");
  return {
    stage: oneOf(STAGES, params.get("stage")),
    status: oneOf(LIFECYCLE_STATUSES, params.get("status")),
    rag: oneOf(["red", "amber", "green"] as const, params.get("rag")),
    townshipId: positiveInt(params.get("township")),
    unitId: positiveInt(params.get("unit")),
    leaderId: positiveInt(params.get("leader")),
    industry: params.get("industry")?.trim() || undefined,
    category: oneOf(PROJECT_CATEGORIES, params.get("category")),
    startedIn: year(params.get("started")),
    signedIn: year(params.get("signed")),
    overdue: overdue === "1" ? true : overdue === "0" ? false : undefined,
    key: params.get("key") === "1" ? true : undefined,
    q: params.get("q") ?? undefined,
    sort: sortBy ? { by: sortBy, dir: params.get("dir") === "asc" ? "asc" : "desc" } : undefined,
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: positiveInt(params.get("size")) ?? 20,
  };
}

const COLUMNS_KEY = "tracker.registerColumns";
/** Shown until the user chooses: the five-fixed columns and RAG; code, industry, … on demand. */
const DEFAULT_COLUMNS: RegisterColumn[] = [
  "rag",
  "name",
  "investor",
  "stage",
  "township",
  "total",
  "completed",
  "leader",
  "unit",
  "owner",
  "target",
  "deadline",
];

/** The five-fixed table (五定责任表): each project with its leader, unit, person in charge, target and deadline. */
const FIVE_FIXED_COLUMNS: RegisterColumn[] = [
  "code",
  "name",
  "township",
  "stage",
  "rag",
  "leader",
  "unit",
  "owner",
  "target",
  "deadline",
];

function storedColumns(): RegisterColumn[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null") as unknown;
    if (Array.isArray(saved)) {
      const valid = REGISTER_COLUMNS.filter((c) => saved.includes(c));
      if (valid.length > 0) return valid;
    }
  } catch {
    // Unreadable or private mode: the defaults.
  }
  return DEFAULT_COLUMNS;
}

/** Filters kept under "more filters"; the panel opens by itself when one of them is set. */
const MORE_FILTERS = ["unit", "leader", "industry", "category", "status", "started", "signed", "overdue"];

/** The project register with its five-fixed owners and RAG, filtered through the URL. */
export function ProjectTable() {
  const { t } = useTranslation();
  const label = useLabel();
  const ragLabels = useRagLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { params, update, clear } = useUrlFilters();
  const input = inputFromParams(params);
  const list = useQuery({ ...trpc.projects.list.queryOptions(input), placeholderData: keepPreviousData });
  const options = useQuery(trpc.reference.options.queryOptions());
  const [visible, setVisible] = useState<RegisterColumn[]>(storedColumns);
  const [moreOpen, setMoreOpen] = useState(() => MORE_FILTERS.some((k) => params.has(k)));
  const [exporting, setExporting] = useState(false);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);

  const chooseColumns = (keys: RegisterColumn[]) => {
    const next = REGISTER_COLUMNS.filter((c) => keys.includes(c));
    if (next.length === 0) return;
    setVisible(next);
    try {
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };

  const sortOrder = (key: SortKey) =>
    input.sort?.by === key ? (input.sort.dir === "asc" ? ("ascend" as const) : ("descend" as const)) : null;

  const title = (key: RegisterColumn) => t(`register.col.${key}`);
  const none = (v: string | null) => v ?? t("common.none");
  const COLUMN_DEFS: Record<RegisterColumn, NonNullable<TableProps<Item>["columns"]>[number]> = {
    rag: { width: 60, dataIndex: "rag", render: (rag: RagColour) => <RagDot colour={rag} /> },
    code: { dataIndex: "code", width: 210, sorter: true, sortOrder: sortOrder("code") },
    name: {
      dataIndex: "name",
      width: 230,
      sorter: true,
      sortOrder: sortOrder("name"),
      render: (_: string, p) => (
        <div>
          <div style={{ fontWeight: 500 }}>
            <Link to={`/projects/${p.id}`}>{p.name}</Link> {p.isKey && <Tag color="red">{t("register.col.isKey")}</Tag>}
          </div>
          {!visible.includes("code") && (
            <div className="muted" style={{ fontSize: 12 }}>
              {p.code}
            </div>
          )}
        </div>
      ),
    },
    investor: { dataIndex: "investorName", ellipsis: true, sorter: true, sortOrder: sortOrder("investorName") },
    industry: { dataIndex: "industry", width: 110, sorter: true, sortOrder: sortOrder("industry") },
    category: {
      dataIndex: "category",
      width: 100,
      sorter: true,
      sortOrder: sortOrder("category"),
      render: (c: ProjectCategory) => label(PROJECT_CATEGORY_LABELS[c]),
    },
    stage: {
      dataIndex: "stage",
      width: 100,
      sorter: true,
      sortOrder: sortOrder("stage"),
      render: (stage: Stage, p) =>
        p.status === "suspended" || p.status === "cancelled" ? (
          <Tag>{label(LIFECYCLE_LABELS[p.status])}</Tag>
        ) : (
          <Tag color={STAGE_COLOURS[stage]}>{label(STAGE_LABELS[stage])}</Tag>
        ),
    },
    township: { dataIndex: "townshipName", width: 110, sorter: true, sortOrder: sortOrder("townshipName") },
    isKey: {
      dataIndex: "isKey",
      width: 70,
      sorter: true,
      sortOrder: sortOrder("isKey"),
      render: (v: boolean) => (v ? t("register.yes") : t("register.no")),
    },
    total: {
      dataIndex: "totalInvestmentWan",
      align: "right",
      width: 120,
      sorter: true,
      sortOrder: input.sort ? sortOrder("totalInvestmentWan") : "descend",
      render: (v: number) => formatWan(v),
    },
    completed: {
      dataIndex: "completedInvestmentWan",
      width: 150,
      sorter: true,
      sortOrder: sortOrder("completedInvestmentWan"),
      render: (v: number, p) => (
        <Progress
          percent={p.totalInvestmentWan === 0 ? 0 : Math.round((v / p.totalInvestmentWan) * 100)}
          size="small"
          aria-label={`${t("register.col.completed")} ${formatWan(v)} 万元`}
        />
      ),
    },
    signedDate: { dataIndex: "signedDate", width: 110, sorter: true, sortOrder: sortOrder("signedDate") },
    plannedCompletion: {
      dataIndex: "plannedCompletionDate",
      width: 120,
      sorter: true,
      sortOrder: sortOrder("plannedCompletionDate"),
      render: none,
    },
    leader: { dataIndex: "leaderName", width: 100, sorter: true, sortOrder: sortOrder("leaderName"), render: none },
    unit: { dataIndex: "unitName", width: 120, ellipsis: true, sorter: true, sortOrder: sortOrder("unitName"), render: none },
    owner: { dataIndex: "ownerName", width: 100, sorter: true, sortOrder: sortOrder("ownerName"), render: none },
    target: { dataIndex: "targetTask", ellipsis: true, render: none },
    deadline: { dataIndex: "deadline", width: 110, sorter: true, sortOrder: sortOrder("deadline"), render: none },
  };
  const columns = visible.map((key) => ({ key, title: title(key), ...COLUMN_DEFS[key] }));
  const width = columns.reduce((w, c) => w + (typeof c.width === "number" ? c.width : 180), 0);

  const exportView = async (table: "register" | "fiveFixed") => {
    setExporting(true);
    try {
      const { page: _page, pageSize: _size, ...filters } = input;
      const keys = table === "fiveFixed" ? FIVE_FIXED_COLUMNS : visible;
      const file = await queryClient.fetchQuery({
        ...trpc.projects.export.queryOptions({ ...filters, table, columns: keys.map((key) => ({ key, title: title(key) })) }),
        staleTime: 0,
        gcTime: 0,
      });
      downloadBase64(file.base64, file.filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      message.success(t("register.exported", { n: file.rows }));
    } catch (error) {
      message.error(`${t("register.exportFailed")}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  };

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
        <Button onClick={() => setMoreOpen((o) => !o)} aria-expanded={moreOpen} aria-controls="register-more-filters">
          {moreOpen ? t("register.fewerFilters") : t("register.moreFilters")}
        </Button>
        <Popover
          trigger="click"
          placement="bottomRight"
          title={t("register.columns")}
          content={
            <Checkbox.Group
              value={visible}
              onChange={(keys) => chooseColumns(keys as RegisterColumn[])}
              style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "4px 16px" }}
              options={REGISTER_COLUMNS.map((key) => ({
                value: key,
                label: title(key),
                disabled: visible.length === 1 && visible[0] === key,
              }))}
            />
          }
        >
          <Button icon={<SettingOutlined />}>{t("register.columns")}</Button>
        </Popover>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => exportView("register")}
          loading={exporting}
          disabled={list.data?.total === 0}
        >
          {t("register.export")}
        </Button>
        <Button onClick={() => exportView("fiveFixed")} loading={exporting} disabled={list.data?.total === 0}>
          {t("register.exportFiveFixed")}
        </Button>
        {params.toString() && (
          <Button onClick={clear} type="link">
            {t("common.clearFilters")}
          </Button>
        )}
      </div>
      {moreOpen && (
        <div id="register-more-filters" style={{ display: "flex", flexWrap: "wrap", gap: 12, marginBottom: 12 }}>
          <Select
            placeholder={t("register.allUnits")}
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            value={input.unitId}
            onChange={(id?: number) => update({ unit: id ? String(id) : undefined })}
            options={options.data?.units.map((u) => ({ value: u.id, label: u.shortName }))}
            style={{ width: 170 }}
            aria-label={t("register.col.unit")}
          />
          <Select
            placeholder={t("register.allLeaders")}
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            value={input.leaderId}
            onChange={(id?: number) => update({ leader: id ? String(id) : undefined })}
            options={options.data?.leaders.map((l) => ({ value: l.id, label: l.name }))}
            style={{ width: 130 }}
            aria-label={t("register.col.leader")}
          />
          <Select
            placeholder={t("register.allIndustries")}
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            value={input.industry}
            onChange={(industry?: string) => update({ industry })}
            options={options.data?.industries.map((name) => ({ value: name, label: name }))}
            style={{ width: 140 }}
            aria-label={t("register.col.industry")}
          />
          <Select
            placeholder={t("register.allCategories")}
            allowClear
            value={input.category}
            onChange={(category?: ProjectCategory) => update({ category })}
            options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(PROJECT_CATEGORY_LABELS[c]) }))}
            style={{ width: 130 }}
            aria-label={t("register.col.category")}
          />
          <Select
            placeholder={t("register.allStatuses")}
            allowClear
            value={input.status}
            onChange={(status?: LifecycleStatus) => update({ status })}
            options={LIFECYCLE_STATUSES.map((s) => ({ value: s, label: label(LIFECYCLE_LABELS[s]) }))}
            style={{ width: 120 }}
            aria-label={t("register.status")}
          />
          <Select
            placeholder={t("register.startedIn")}
            allowClear
            value={input.startedIn}
            onChange={(y?: number) => update({ started: y ? String(y) : undefined })}
            options={years.map((y) => ({ value: y, label: t("register.startedInYear", { year: y }) }))}
            style={{ width: 140 }}
            aria-label={t("register.startedIn")}
          />
          <Select
            placeholder={t("register.signedIn")}
            allowClear
            value={input.signedIn}
            onChange={(y?: number) => update({ signed: y ? String(y) : undefined })}
            options={years.map((y) => ({ value: y, label: t("register.signedInYear", { year: y }) }))}
            style={{ width: 140 }}
            aria-label={t("register.signedIn")}
          />
          <Select
            placeholder={t("register.overdueFilter")}
            allowClear
            value={input.overdue === undefined ? undefined : input.overdue ? "1" : "0"}
            onChange={(v?: string) => update({ overdue: v })}
            options={[
              { value: "1", label: t("register.overdueOnly") },
              { value: "0", label: t("register.notOverdue") },
            ]}
            style={{ width: 130 }}
            aria-label={t("register.overdueFilter")}
          />
        </div>
      )}
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
          scroll={{ x: Math.max(width, 900) }}
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
