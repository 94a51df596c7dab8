import { describe, expect, it } from "vitest";
import { describeLedgerProblem, type LedgerRefs, ledgerColumnOf, parseLedger, parseLedgerRow } from "./ledger";

const refs: LedgerRefs = {
  townships: new Map([["水屯镇", 1]]),
  units: new Map([
    ["驿城区住房和城乡建设局", 3],
    ["区住建局", 3],
  ]),
  leaders: new Map([["杜洋", 10]]),
  people: new Map<string, number | null>([
    ["段明", 20],
    ["张伟", null],
  ]),
};

const good = {
  项目代码: "2026-411702-36-03-000777",
  项目名称: "华骏铸造三期",
  投资方: "河南华骏实业有限公司",
  行业: "装备制造",
  项目类别: "工业",
  所属乡镇: "水屯镇",
  "总投资(万元)": 52000,
  当前阶段: "证照办理",
  分包领导: "杜洋",
  责任单位: "区住建局",
  项目责任人: "段明",
  目标任务: "年内开工",
  时间节点: new Date("2026-12-31T00:00:00Z"),
  是否重点: "是",
};

describe("the ledger's rows", () => {
  it("matches names to ids and reads numbers, dates and yes/no", () => {
    const { row, problems } = parseLedgerRow(2, good, refs);
    expect(problems).toEqual([]);
    expect(row).toEqual({
      row: 2,
      code: "2026-411702-36-03-000777",
      name: "华骏铸造三期",
      investorName: "河南华骏实业有限公司",
      industry: "装备制造",
      category: "industrial",
      townshipId: 1,
      totalInvestmentWan: 52000,
      stage: "permits",
      fiveFixed: { leaderId: 10, unitId: 3, ownerId: 20, targetTask: "年内开工", deadline: "2026-12-31" },
      isKey: true,
    });
  });

  it("accepts amounts and dates written as text, and a row without five-fixed", () => {
    const { row } = parseLedgerRow(
      3,
      { ...good, "总投资(万元)": "1,200", 时间节点: "2027年3月1日", 分包领导: "", 责任单位: "", 项目责任人: "", 是否重点: "" },
      refs,
    );
    expect(row).toMatchObject({ totalInvestmentWan: 1200, fiveFixed: null, isKey: null });
  });

  it("reports every problem of a row, naming the column, in Chinese and English", () => {
    const { row, problems } = parseLedgerRow(
      7,
      {
        ...good,
        项目名称: " ",
        项目类别: "工厂",
        所属乡镇: "火星镇",
        "总投资(万元)": "-5",
        当前阶段: "施工",
        分包领导: "王五",
        责任单位: "区财政局",
        项目责任人: "张伟",
        时间节点: "明年",
        是否重点: "也许",
      },
      refs,
    );
    expect(row).toBeNull();
    expect(problems.map((p) => [p.column, p.kind])).toEqual([
      ["项目名称", "required"],
      ["项目类别", "unknownCategory"],
      ["所属乡镇", "unknownTownship"],
      ["总投资(万元)", "negative"],
      ["当前阶段", "unknownStage"],
      ["分包领导", "unknownLeader"],
      ["责任单位", "unknownUnit"],
      ["项目责任人", "ambiguousPerson"],
      ["时间节点", "notADate"],
      ["是否重点", "notYesNo"],
    ]);
    expect(describeLedgerProblem(problems[2]!, "zh-CN")).toBe("第 7 行，「所属乡镇」列：没有名为「火星镇」的乡镇/街道");
    expect(describeLedgerProblem(problems[2]!, "en")).toBe("row 7, column 所属乡镇: no township or subdistrict named “火星镇”");
  });

  it("refuses fractions of 万元, text amounts and a five-fixed trio filled in part", () => {
    expect(parseLedgerRow(2, { ...good, "总投资(万元)": 12.5 }, refs).problems[0]).toMatchObject({ kind: "notWhole" });
    expect(parseLedgerRow(2, { ...good, "总投资(万元)": "一亿" }, refs).problems[0]).toMatchObject({ kind: "notANumber" });
    expect(parseLedgerRow(2, { ...good, 项目责任人: "" }, refs).problems).toEqual([
      { row: 2, column: "项目责任人", kind: "fiveFixedIncomplete" },
    ]);
  });

  it("refuses a NUL character (U+0000) in any cell, which the database cannot store", () => {
    const { row, problems } = parseLedgerRow(4, { ...good, 项目名称: "华骏\u0000铸造", 目标任务: "年内开工\u0000" }, refs);
    expect(row).toBeNull();
    expect(problems.map((p) => [p.column, p.kind])).toEqual([
      ["项目名称", "nulCharacter"],
      ["目标任务", "nulCharacter"],
    ]);
    expect(describeLedgerProblem(problems[0]!, "zh-CN")).toBe("第 4 行，「项目名称」列：含有空字符（U+0000），请删除");
    expect(describeLedgerProblem(problems[0]!, "en")).toBe("row 4, column 项目名称: holds a NUL character (U+0000); remove it");
  });

  it("reports the second of two rows for the same project", () => {
    const { rows, problems } = parseLedger(
      [
        { row: 2, cells: good },
        { row: 3, cells: { ...good, 当前阶段: "征地拆迁" } },
        { row: 4, cells: { ...good, 项目代码: "", 项目名称: "另一个项目" } },
      ],
      refs,
    );
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(problems).toEqual([{ row: 3, column: "项目代码", kind: "duplicateInFile", otherRow: 2 }]);
  });

  it("knows the columns under the headings people write", () => {
    expect(ledgerColumnOf("总投资（万元）")).toBe("总投资(万元)");
    expect(ledgerColumnOf(" 项目名称 ")).toBe("项目名称");
    expect(ledgerColumnOf("所属乡镇/街道")).toBe("所属乡镇");
    expect(ledgerColumnOf("备注")).toBeNull();
  });
});
