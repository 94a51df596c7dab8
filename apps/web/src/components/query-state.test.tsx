import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { zhCN } from "../i18n/zh-CN";
import { QueryState } from "./query-state";

const query = <T,>(over: Partial<{ data: T; isError: boolean; error: { message: string } | null }>) => ({
  data: undefined,
  isError: false,
  error: null,
  refetch: () => undefined,
  ...over,
});

describe("QueryState", () => {
  it("shows the server's message and a retry button when the query failed, not a skeleton", () => {
    const html = renderToStaticMarkup(
      <QueryState query={query<string>({ isError: true, error: { message: "数据库不可用" } })}>{(d) => d}</QueryState>,
    );
    expect(html).toContain("数据库不可用");
    expect(html).toContain(zhCN.common.loadFailed);
    expect(html).toMatch(/<button[^>]*>.*重\s*试|<button[^>]*>.*retry/is);
    expect(html).not.toContain("ant-skeleton");
  });

  it("shows a skeleton while loading and the data once it is there", () => {
    expect(renderToStaticMarkup(<QueryState query={query<string>({})}>{(d) => d}</QueryState>)).toContain("ant-skeleton");
    const html = renderToStaticMarkup(<QueryState query={query({ data: "十二个项目" })}>{(d) => <b>{d}</b>}</QueryState>);
    expect(html).toBe("<b>十二个项目</b>");
  });
});
