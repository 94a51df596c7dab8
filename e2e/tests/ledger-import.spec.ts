import ExcelJS from "exceljs";
import { expect, signIn, test } from "../support/fixtures";

/** A ledger file: the template's headings, filled with the given rows. */
async function ledger(rows: Record<string, string | number>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("项目台账");
  const headings = ["项目名称", "投资方", "行业", "项目类别", "所属乡镇", "总投资(万元)", "当前阶段", "是否重点"];
  sheet.addRow(headings);
  for (const r of rows) sheet.addRow(headings.map((h) => r[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const row = (name: string, township = "水屯镇") => ({
  项目名称: name,
  投资方: `${name}有限公司`,
  行业: "新能源",
  项目类别: "工业",
  所属乡镇: township,
  "总投资(万元)": 12000,
  当前阶段: "洽谈立项",
  是否重点: "否",
});

// This file's name sorts last on purpose: it adds projects to the district the server holds, and the
// other specs (run before it, one worker, one server) count the demo district's 364.
test.describe("ledger import", () => {
  test("the administrator downloads the template, sees a bad file's problems by row, then imports a good one", async ({
    page,
  }) => {
    await signIn(page, "admin");
    await page.getByRole("link", { name: "台账导入" }).click();
    await expect(page.getByRole("heading", { name: "台账导入" })).toBeVisible();

    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: /下载导入模板/ }).click();
    const template = await downloading;
    expect(template.suggestedFilename()).toBe("项目台账导入模板.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await template.path());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["项目台账", "有效值"]);

    const input = page.locator('input[type="file"]');
    await input.setInputFiles({
      name: "台账-有错.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await ledger([row("光伏储能一体化项目"), row("冷链物流园项目", "火星镇")]),
    });
    await expect(page.getByText("发现 1 处问题")).toBeVisible();
    await expect(page.getByRole("row", { name: /没有名为「火星镇」的乡镇\/街道/ })).toContainText("3");
    await page.screenshot({ path: "artifacts/screenshots/import-problems.png", fullPage: true });

    await input.setInputFiles({
      name: "台账.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await ledger([row("光伏储能一体化项目"), row("冷链物流园项目")]),
    });
    await expect(page.getByText("检查通过，可以导入")).toBeVisible();
    await page.getByRole("button", { name: /确认导入 2 行/ }).click();
    await expect(page.getByText("已导入 2 行")).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/import-done.png", fullPage: true });

    await page.goto("/projects?q=%E5%86%B7%E9%93%BE%E7%89%A9%E6%B5%81%E5%9B%AD");
    await expect(page.getByRole("link", { name: "冷链物流园项目" })).toBeVisible();
  });

  test("a 10,000-row ledger shows its progress while it is uploaded and checked", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/import");
    const townships = ["水屯镇", "沙河店镇", "板桥镇", "诸市镇", "蚁蜂镇"];
    const big = await ledger(Array.from({ length: 10_000 }, (_, i) => row(`批量导入项目${i + 1}`, townships[i % 5])));
    await page.locator('input[type="file"]').setInputFiles({
      name: "全区台账.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: big,
    });
    const progress = page.getByTestId("import-progress");
    await expect(progress).toBeVisible();
    await expect(progress.getByRole("progressbar")).toBeVisible();
    await expect(page.getByText("检查通过，可以导入")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("button", { name: /确认导入 10000 行/ })).toBeVisible();
  });
});
