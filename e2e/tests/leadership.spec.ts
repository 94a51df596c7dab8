import { expect, signIn, test } from "../support/fixtures";

test.describe("leadership overview", () => {
  test("leadership signs in and sees the district's 364 projects and 263.8 亿元", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, "leadership");
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("kpi-projects")).toContainText("364");
    await expect(page.getByTestId("kpi-total")).toContainText("263.8");
    await expect(page.getByTestId("kpi-total")).toContainText("亿元");
    await expect(page.getByTestId("kpi-completed")).toContainText("68.7");
    await expect(page.getByTestId("kpi-operating")).toContainText("137");
    await expect(page.getByTestId("register-total")).toContainText("364");
    await expect(page.getByTestId("stage-funnel").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByRole("row").nth(1)).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/overview.png", fullPage: true });

    // The donut's most common reasons, each opening the register at its colour.
    const reasons = page.getByTestId("rag-reasons").getByRole("listitem");
    await expect(reasons.first()).toBeVisible();
    expect(await reasons.count()).toBeGreaterThan(1);
    const first = reasons.first().getByRole("link");
    const colour = (await first.getAttribute("href"))!.match(/rag=(red|amber)/)![1];
    await first.click();
    await expect(page).toHaveURL(new RegExp(`/projects\\?rag=${colour}$`));
    await expect(page.getByRole("combobox", { name: "红黄绿灯" })).toBeVisible();
    await expect(page.locator(".ant-table-row").first()).toContainText(colour === "red" ? "红" : "黄");
  });

  test("a wrong password is refused with a message, and the stage filter narrows the register", async ({
    page,
    consoleErrors,
  }) => {
    await page.goto("/login");
    await page.getByLabel("用户名").fill("leadership");
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await expect(page.getByText("用户名或密码错误")).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/login-refused.png" });
    // The refused sign-in is the one failed request the browser reports.
    expect(consoleErrors).toEqual([expect.stringContaining("401")]);
    consoleErrors.length = 0;

    await signIn(page, "leadership");
    await expect(page.getByTestId("register-total")).toContainText("364");
    await page.goto("/projects?stage=operating");
    await expect(page.getByTestId("register-total")).toContainText("共 137 个");
    await page.getByRole("searchbox", { name: "搜索项目" }).fill("hjzz");
    await page.getByRole("searchbox", { name: "搜索项目" }).press("Enter");
    await expect(page.getByRole("link", { name: "华骏铸造二期" })).toBeVisible();
  });

  test("leadership drills from the funnel into a stage and opens a red project", async ({ page }) => {
    await signIn(page, "leadership");
    const funnel = page.getByTestId("stage-funnel");
    await expect(funnel.locator(".recharts-bar-rectangle")).toHaveCount(6);
    // The fourth bar is 开工建设 (construction).
    await funnel.locator(".recharts-bar-rectangle").nth(3).click();
    await expect(page).toHaveURL(/\/projects\?stage=construction/);
    await expect(page.getByTestId("register-total")).toContainText("共 58 个");
    await page.getByRole("combobox", { name: "红黄绿灯" }).click();
    await page.locator(".ant-select-dropdown .ant-select-item-option", { hasText: "红灯（逾期）" }).click();
    await expect(page).toHaveURL(/rag=red/);
    // Wait for the filtered page (the previous one stays on screen while it loads).
    await expect(page.getByTestId("register-total")).not.toContainText("共 58 个");
    await expect(page.locator(".ant-table-tbody .ant-table-row").first()).toContainText("红");
    const first = page.getByRole("row").nth(1).getByRole("link").first();
    const name = await first.innerText();
    await first.click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.getByTestId("project-rag")).toContainText("红灯（逾期）");
    await expect(page.getByTestId("project-rag").getByRole("listitem").first()).toContainText("逾期");
    await page.screenshot({ path: "artifacts/screenshots/project-red.png", fullPage: true });
    await page.getByRole("tab", { name: /证照办理/ }).click();
    await expect(page).toHaveURL(/tab=permits/);
    await page.screenshot({ path: "artifacts/screenshots/project-permits.png", fullPage: true });
  });

  test("the language switch turns the dashboard into English and back", async ({ page }) => {
    await signIn(page, "leadership");
    await expect(page.getByTestId("kpi-projects")).toContainText("引进项目");
    await page.getByText("EN", { exact: true }).click();
    await expect(page.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("kpi-projects")).toContainText("Projects");
    await expect(page.getByTestId("kpi-total")).toContainText("263.8");
    await page.screenshot({ path: "artifacts/screenshots/overview-en.png" });
    await page.reload();
    await expect(page.getByTestId("kpi-projects")).toContainText("Projects");
    await page.getByText("中文", { exact: true }).click();
    await expect(page.getByTestId("kpi-projects")).toContainText("引进项目");
  });
});
