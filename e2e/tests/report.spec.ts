import { readFile } from "node:fs/promises";
import { expect, signIn, test } from "../support/fixtures";

test.describe("dispatch report", () => {
  test("leadership opens the weekly dispatch report, narrows it to a township, prints it and downloads the PDF", async ({
    page,
  }) => {
    await signIn(page, "leadership");
    await page.getByRole("link", { name: "调度周报" }).click();
    await expect(page).toHaveURL("/report");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("驿城区招商引资项目调度周报");
    await expect(page.getByTestId("report-date")).toContainText(/报告日期：\d{4}年\d{1,2}月\d{1,2}日/);

    // The district's figures, as the article gives them.
    await expect(page.getByTestId("report-projects")).toContainText("364");
    await expect(page.getByTestId("report-total")).toContainText("263.8");
    await expect(page.getByTestId("report-total")).toContainText("亿元");
    await expect(page.getByTestId("report-completed")).toContainText("68.7");
    await expect(page.getByTestId("report-operating")).toContainText("137");
    await expect(page.getByTestId("report-stages")).toContainText("开工建设");

    // Every red project is listed, each with its five-fixed owners and why it is red.
    const redCount = Number(((await page.getByTestId("report-rag").textContent()) ?? "").match(/红灯 (\d+) 个/)?.[1]);
    expect(redCount).toBeGreaterThan(0);
    await expect(page.getByRole("heading", { name: `二、红灯项目及五定责任（${redCount} 个）` })).toBeVisible();
    const rows = page.getByTestId("report-red-row");
    await expect(rows).toHaveCount(redCount);
    const first = rows.first();
    await expect(first.getByRole("link")).toBeVisible();
    for (const cell of [2, 3, 4]) await expect(first.locator("td").nth(cell)).not.toHaveText("—");
    await expect(first.locator("td").nth(6).getByRole("listitem").first()).toContainText(/逾期|超时/);
    await expect(page.getByTestId("report-problem-row").first()).toBeVisible();
    await expect(page.getByTestId("report-other-overdue")).toContainText("五定时间节点");
    await page.screenshot({ path: "artifacts/screenshots/report.png", fullPage: true });

    // One township: the URL and the figures follow the choice.
    await page.getByRole("combobox", { name: "报告范围（乡镇/街道）" }).click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "水屯镇" }).click();
    await expect(page).toHaveURL(/\/report\?township=\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("水屯镇招商引资项目调度周报");
    await expect(page.getByTestId("report-projects")).toBeVisible();
    await expect(page.getByTestId("report-projects")).not.toContainText("364");
    await expect(page.getByTestId("report-total")).not.toContainText("263.8");
    await page.screenshot({ path: "artifacts/screenshots/report-township.png", fullPage: true });

    // A real A4 PDF, built in the browser.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载 PDF" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^调度周报-水屯镇-\d{4}-\d{2}-\d{2}\.pdf$/);
    await file.saveAs("artifacts/report.pdf");
    const bytes = await readFile("artifacts/report.pdf");
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(bytes.length).toBeGreaterThan(10_000);
    await expect(page.getByRole("button", { name: "下载 PDF" })).toBeEnabled();

    // On paper: no app header, no buttons, only the report.
    await page.goto("/report");
    await expect(page.getByTestId("report-red-row").first()).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".app-header")).toBeHidden();
    await expect(page.getByRole("button", { name: "打印" })).toBeHidden();
    await expect(page.getByTestId("report-projects")).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/report-print.png", fullPage: true });
    await page.pdf({ path: "artifacts/report-print.pdf", preferCSSPageSize: true });
    await page.emulateMedia({ media: "screen" });
    await expect(page.locator(".app-header")).toBeVisible();
  });

  test("an investor is not offered the report and gets a clear message at its URL", async ({ page }) => {
    await signIn(page, "investor");
    await expect(page.getByRole("link", { name: "项目台账" })).toBeVisible();
    await expect(page.getByRole("link", { name: "调度周报" })).toHaveCount(0);
    await page.goto("/report");
    await expect(page.getByText("调度周报仅供区内干部查看")).toBeVisible();
    await expect(page.getByRole("button", { name: "下载 PDF" })).toHaveCount(0);
  });
});
