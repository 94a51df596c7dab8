import ExcelJS from "exceljs";
import { expect, signIn, test } from "../support/fixtures";

test.describe("register", () => {
  test("a headline figure drills into the register; columns can be chosen; the filtered view exports to .xlsx", async ({
    page,
  }) => {
    await signIn(page, "leadership");
    const started = page.getByTestId("kpi-started");
    await expect(started).toContainText("年新开工");
    const count = Number((await started.locator(".kpi-value").textContent())!.match(/\d+/)![0]);
    expect(count).toBeGreaterThan(0);
    await started.click();
    await expect(page).toHaveURL(/\/projects\?started=\d{4}/);
    await expect(page.getByTestId("register-total")).toContainText(`共 ${count} 个`);
    // The filter shows under "more filters", opened by itself.
    await expect(page.getByRole("combobox", { name: "开工年度" })).toBeVisible();

    // Column chooser: add the project code, drop the target task; the choice survives a reload.
    await page.getByRole("button", { name: "列设置" }).click();
    await page.getByRole("checkbox", { name: "项目代码" }).check();
    await page.getByRole("checkbox", { name: "目标任务" }).uncheck();
    await page.keyboard.press("Escape");
    const headers = page.locator(".ant-table-thead th");
    await expect(headers.filter({ hasText: "项目代码" })).toHaveCount(1);
    await expect(headers.filter({ hasText: "目标任务" })).toHaveCount(0);
    await page.reload();
    await expect(page.locator(".ant-table-thead th").filter({ hasText: "项目代码" })).toHaveCount(1);
    await page.screenshot({ path: "artifacts/screenshots/register-columns.png", fullPage: true });

    // Export: every matching project (not only the page), the chosen columns in order, real numbers.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: /导出 Excel/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^项目台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain("项目代码");
    expect(header).not.toContain("目标任务");
    expect(header.slice(0, 3)).toEqual(["灯", "项目代码", "项目名称"]);
    // Header, one row per project, the totals row.
    expect(sheet.rowCount).toBe(count + 2);
    const totalColumn = header.indexOf("总投资(万元)") + 1;
    expect(typeof sheet.getRow(2).getCell(totalColumn).value).toBe("number");
    await expect(page.getByText(`已导出 ${count} 个项目`)).toBeVisible();
  });

  test("the person in charge moves a project to its next stage, and leadership reads it in the change history", async ({
    page,
  }) => {
    await signIn(page, "owner");
    // One of the person in charge's own projects still in negotiation. Which ones they hold depends on
    // the day the demo district was seeded for, so the journey asks rather than names one.
    const work = (await (await page.request.get("/trpc/me.work")).json()) as {
      result: { data: { projects: { id: number; name: string; stage: string; status: string }[] } };
    };
    const project = work.result.data.projects.find((p) => p.stage === "negotiation" && p.status === "active");
    if (!project) throw new Error("the demo owner holds no active project in negotiation");
    await page.goto(`/projects?q=${encodeURIComponent(project.name)}`);
    await page.getByRole("link", { name: project.name, exact: true }).click();
    await expect(page.locator(".ant-steps-item-process")).toContainText("洽谈立项");
    await page.getByRole("button", { name: "推进阶段" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("当前阶段：洽谈立项");
    // Skipping a stage needs a reason: the form says so before the server would.
    await dialog.getByRole("combobox", { name: "推进到" }).click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "征地拆迁" }).click();
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expect(dialog.getByText("必填")).toBeVisible();
    await expect(dialog).toContainText("退回或跨阶段须写明原因");
    await dialog.getByRole("combobox", { name: "推进到" }).click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: /^证照办理$/ }).click();
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expect(page.getByText("已保存")).toBeVisible();
    await expect(page.locator(".ant-steps-item-process")).toContainText("证照办理");
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "leadership");
    await page.goto(`/projects?q=${encodeURIComponent(project.name)}`);
    await page.getByRole("link", { name: project.name, exact: true }).click();
    await page.getByRole("tab", { name: "变更记录" }).click();
    await expect(page).toHaveURL(/tab=audit/);
    const latest = page.locator(".ant-table-tbody tr.ant-table-row").first();
    await expect(latest).toContainText("推进阶段");
    await expect(latest).toContainText("项目责任人");
    await expect(latest).toContainText("洽谈立项 → 证照办理");
    await page.screenshot({ path: "artifacts/screenshots/project-history.png", fullPage: true });
  });

  test("the auditor lands on the audit log and finds a user's sign-ins; nothing else is offered", async ({ page }) => {
    await signIn(page, "auditor");
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { name: /审计日志/ })).toBeVisible();
    await expect(page.getByRole("navigation").getByRole("link")).toHaveText(["审计日志"]);
    await expect(page.getByTestId("audit-chain")).toContainText("完整：自第 1 号事件");
    await page.getByRole("searchbox", { name: "用户名" }).fill("auditor");
    await page.getByRole("searchbox", { name: "用户名" }).press("Enter");
    await expect(page).toHaveURL(/user=auditor/);
    await expect(page.locator(".ant-table-tbody tr.ant-table-row").first()).toContainText("登录");
    await page.screenshot({ path: "artifacts/screenshots/audit-log.png", fullPage: true });
  });

  test("the sign-in and the register work from the keyboard alone", async ({ page }) => {
    await page.goto("/login");
    await page.keyboard.press("Tab");
    // The language switch comes first; move on to the user name.
    for (let i = 0; i < 6 && !(await page.getByLabel("用户名").evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(page.getByLabel("用户名")).toBeFocused();
    await page.keyboard.type("leadership");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("密码")).toBeFocused();
    await page.keyboard.type("Demo@2026");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("kpi-projects")).toContainText("364");

    // Tab to the "projects" link in the header and open it with Enter.
    const target = page.getByRole("navigation").getByRole("link", { name: "项目台账" });
    for (let i = 0; i < 10 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(target).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/projects$/);
    // The search box is reachable and a search runs on Enter.
    const search = page.getByRole("searchbox", { name: "搜索项目" });
    for (let i = 0; i < 10 && !(await search.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(search).toBeFocused();
    await page.keyboard.type("hjzz");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("link", { name: "华骏铸造二期" })).toBeVisible();
    // A project link is focusable and opens with Enter; a visible focus ring shows where the user is.
    const link = page.getByRole("link", { name: "华骏铸造二期" });
    for (let i = 0; i < 40 && !(await link.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(link).toBeFocused();
    const outline = await link.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("华骏铸造二期");
  });
});

test.describe("investor on a phone", () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test("an investor raises a request from the portal; department staff resolve it; leadership closes it", async ({ page }) => {
    await signIn(page, "investor");
    const card = page.getByTestId("portal-project").filter({ hasText: "华骏铸造三期" });
    await expect(card).toContainText("证照办理（已办结");
    await expect(card).toContainText("我的诉求（办理中 0 件）");
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: "artifacts/screenshots/investor-phone.png", fullPage: true });

    await card.getByRole("button", { name: "上报问题" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("问题", { exact: true }).fill("厂区东侧道路未通，施工车辆无法进场");
    await dialog.getByRole("combobox", { name: "承办单位" }).click();
    await dialog.getByRole("combobox", { name: "承办单位" }).fill("住房和城乡");
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "驿城区住房和城乡建设局" }).click();
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expect(page.getByText("已保存")).toBeVisible();
    await expect(card).toContainText("我的诉求（办理中 1 件）");
    await expect(card).toContainText("厂区东侧道路未通");
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "staff");
    await page.getByRole("link", { name: "我的工作" }).click();
    const row = page.getByRole("row", { name: /厂区东侧道路未通/ });
    await row.getByRole("button", { name: /办结问题/ }).click();
    await page.getByRole("dialog").getByLabel("办理结果").fill("已协调施工单位临时便道，三日内打通");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /提\s*交/ })
      .click();
    await expect(page.getByText("已保存")).toBeVisible();
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "leadership");
    await page.goto("/projects?q=%E5%8D%8E%E9%AA%8F%E9%93%B8%E9%80%A0%E4%B8%89%E6%9C%9F");
    await page.getByRole("link", { name: "华骏铸造三期" }).click();
    await page.getByRole("tab", { name: /问题台账/ }).click();
    const problem = page.getByRole("row", { name: /厂区东侧道路未通/ });
    await expect(problem).toContainText("已解决");
    await problem.getByRole("button", { name: "验收销号" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /提\s*交/ })
      .click();
    await expect(problem).toContainText("已销号");
  });
});
