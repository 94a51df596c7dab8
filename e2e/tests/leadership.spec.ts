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
    await page.goto("/?stage=operating");
    await expect(page.getByTestId("register-total")).toContainText("共 137 个");
    await expect(page.getByRole("row", { name: /华骏铸造二期/ }).or(page.getByText("共 137 个项目"))).toBeVisible();
  });
});
