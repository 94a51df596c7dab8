import { describe, expect, it } from "vitest";
import {
  csvLedger,
  deflatedPart,
  deflatedRun,
  LEDGER_HEADINGS,
  ledgerTexts,
  SHEET_HEAD,
  SHEET_TAIL,
  sheetRow,
  xlsxAround,
  zipBombXlsx,
} from "./crafted-files";
import { LEDGER_MAX_ROWS, LedgerFileError, readLedgerFile } from "./ledger-file";
import { readLedger } from "./ledger-import";
import { readLedgerFileIsolated } from "./ledger-read";

const MB = 1024 * 1024;

/** The LedgerFileError a read ends with (the test fails if it succeeds). */
async function refusal(read: Promise<unknown>): Promise<LedgerFileError> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerFileError);
  return error as LedgerFileError;
}

describe("reading a ledger file under bounds", () => {
  it("reads a hand-built .xlsx of inline strings (the same builder makes the bombs below)", async () => {
    const sheet = deflatedPart(
      "sheet",
      SHEET_HEAD + sheetRow(1, LEDGER_HEADINGS) + sheetRow(2, ledgerTexts(1)) + sheetRow(4, ledgerTexts(3)) + SHEET_TAIL,
    );
    const read = await readLedgerFile(xlsxAround(sheet), "台账.xlsx");
    expect(read.rows.map((r) => [r.row, r.cells.项目名称])).toEqual([
      [2, "项目1"],
      [4, "项目3"],
    ]);
    expect(read.missingColumns).toEqual([]);
  });

  it("refuses a zip bomb from its directory, before inflating: 200 MB of sheet in a 1 MB file", async () => {
    const bomb = await zipBombXlsx(200 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    expect((await refusal(readLedgerFile(bomb, "台账.xlsx"))).kind).toBe("inflatedTooLarge");
    // Through the worker and in the user's words, with the status the upload answers.
    expect(await readLedger(bomb, "台账.xlsx", "zh-CN")).toEqual({
      refused: {
        kind: "inflatedTooLarge",
        status: 413,
        message: "文件解压后过大（超过 150 MB），台账不需要这么大：请删除多余的工作表、空行和空列，另存为 .xlsx 后重新上传",
      },
    });
  });

  it("refuses a big entry compressed better than 100:1 even under the total cap", async () => {
    const bomb = await zipBombXlsx(20 * MB);
    const read = await readLedger(bomb, "ledger.xlsx", "en");
    expect(read).toMatchObject({ refused: { kind: "compressionRatio", status: 413 } });
    expect("refused" in read && read.refused.message).toMatch(/^The file compresses abnormally well \(over 100:1\)/);
  });

  it("stops inflating where a lying directory said the sheet ends: 4 KB declared, 300 MB inside", async () => {
    const liar = await zipBombXlsx(300 * MB, 4096);
    const before = process.memoryUsage().arrayBuffers;
    expect((await refusal(readLedgerFile(liar, "台账.xlsx"))).kind).toBe("inflatedTooLarge");
    // It inflated a few kilobytes, not 300 MB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * MB);
  });

  it("stops a 1,000,000-row CSV at row LEDGER_MAX_ROWS + 1 instead of reading it all", async () => {
    const csv = csvLedger(1_000_000, ["项目名称", "投资方"]);
    const error = await refusal(readLedgerFileIsolated(csv, "台账.csv"));
    expect(error.kind).toBe("tooManyRows");
    expect(error.rowsRead).toBe(LEDGER_MAX_ROWS + 1);
    expect(await readLedger(csv, "台账.csv", "zh-CN")).toMatchObject({
      refused: {
        status: 413,
        message: "文件超过 50000 行数据，未导入：请分成每份不超过 50000 行的几个文件，分别导入",
      },
    });
  });

  it("streams an .xlsx's rows too, stopping at LEDGER_MAX_ROWS + 1", async () => {
    const rows: string[] = [SHEET_HEAD, sheetRow(1, ["项目名称", "投资方"])];
    for (let i = 2; i <= LEDGER_MAX_ROWS + 1_000; i++) rows.push(sheetRow(i, [`项目${i}`, "投资方"]));
    rows.push(SHEET_TAIL);
    const file = xlsxAround(deflatedPart("sheet", rows.join("")));
    const error = await refusal(readLedgerFile(file, "台账.xlsx"));
    expect([error.kind, error.rowsRead]).toEqual(["tooManyRows", LEDGER_MAX_ROWS + 1]);
  });

  it("survives a read that runs out of memory: the worker ends, the next read works", async () => {
    const heavy = csvLedger(50_000);
    // A 32 MB heap loads the reader but cannot hold 50,000 rows of 14 cells.
    expect(await readLedger(heavy, "台账.csv", "en", { memoryMb: 32, timeoutMs: 120_000 })).toMatchObject({
      refused: { kind: "outOfMemory", status: 413, message: expect.stringMatching(/^Reading the file needed more memory/) },
    });
    // This process is unharmed, and with the default limits the same file reads.
    const read = await readLedgerFileIsolated(heavy, "台账.csv");
    expect(read.rows).toHaveLength(50_000);
  });

  it("stops a read that takes too long", async () => {
    const error = await refusal(readLedgerFileIsolated(csvLedger(50_000), "台账.csv", { memoryMb: 384, timeoutMs: 50 }));
    expect(error.kind).toBe("timeout");
  });
});

// Keep the builder honest: a run deflated as a stream inflates to what it declares.
it("builds runs whose declared size is their real size", async () => {
  const { inflateRawSync } = await import("node:zlib");
  const run = await deflatedRun("x", "<a>", "bc", 3 * MB, "</a>");
  expect(inflateRawSync(run.deflated).length).toBe(run.size);
});
