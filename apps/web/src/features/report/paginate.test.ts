import { describe, expect, it } from "vitest";
import { paginate } from "./paginate";

/** Rows of `height` px from `top` down to `bottom`. */
function rows(top: number, bottom: number, height: number) {
  const list = [];
  for (let y = top; y + height <= bottom; y += height) list.push({ top: y, bottom: y + height });
  return list;
}

describe("cutting the dispatch report into A4 pages", () => {
  it("keeps a report shorter than a page on one page", () => {
    expect(paginate(500, 1000, rows(0, 500, 40))).toEqual([{ start: 0, end: 500, head: undefined }]);
  });

  it("never cuts through a row: the cut moves up to the top of the row it would split", () => {
    const pages = paginate(2010, 1000, rows(0, 2010, 30));
    // 1000 falls inside the row 990–1020, so the first page ends at 990.
    expect(pages.map((p) => [p.start, p.end])).toEqual([
      [0, 990],
      [990, 1980],
      [1980, 2010],
    ]);
    for (const page of pages) for (const r of rows(0, 2010, 30)) expect(page.end > r.top && page.end < r.bottom).toBe(false);
  });

  it("cuts a block taller than a page where it must rather than looping", () => {
    const pages = paginate(2500, 1000, [{ top: 100, bottom: 2400 }]);
    expect(pages.map((p) => [p.start, p.end])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 2500],
    ]);
  });

  it("repeats the table header on a page that starts inside the table and leaves room for it", () => {
    const table = { top: 200, bottom: 2200, headTop: 200, headBottom: 240 };
    const pages = paginate(2300, 1000, rows(240, 2200, 40), [table]);
    expect(pages[0]).toEqual({ start: 0, end: 1000, head: undefined });
    // The second page holds the 40 px header plus 960 px of rows.
    expect(pages[1]).toEqual({ start: 1000, end: 1960, head: { top: 200, bottom: 240 } });
    expect(pages[2]).toEqual({ start: 1960, end: 2300, head: { top: 200, bottom: 240 } });
  });
});
