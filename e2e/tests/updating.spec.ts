import { expect, signIn, test } from "../support/fixtures";

test.describe("updating", () => {
  test("a person in charge completes a milestone and files a monthly report, and the overview's figures change", async ({
    page,
  }) => {
    await signIn(page, "leadership");
    const before = await page.getByTestId("kpi-completed").innerText();
    expect(before).toContain("687,000 万元");
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "owner");
    await page.getByRole("link", { name: "我的工作" }).click();
    await expect(page.getByRole("heading", { name: "我的工作" })).toBeVisible();
    const due = page.locator("section", { has: page.getByRole("heading", { name: /14天内到期/ }) }).locator(".ant-table-row");
    const dueBefore = await due.count();
    expect(dueBefore).toBeGreaterThan(0);
    await page.screenshot({ path: "artifacts/screenshots/my-work.png", fullPage: true });
    await due
      .first()
      .getByRole("button", { name: /完\s*成/ })
      .click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /提\s*交/ })
      .click();
    await expect(page.getByText("已保存")).toBeVisible();
    await expect(due).toHaveCount(dueBefore - 1);

    const mine = page.locator("section", { has: page.getByRole("heading", { name: "我负责的项目" }) });
    await mine
      .getByRole("row", { name: /十三香工业园/ })
      .getByRole("button", { name: /填报进度/ })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("本月完成投资（万元）").fill("100");
    await dialog.getByLabel("形象进度（%）").fill("70");
    await dialog.getByLabel("进展情况").fill("主体结构施工，二期厂房封顶");
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expect(page.getByText("已保存").last()).toBeVisible();

    await page.getByRole("link", { name: "总览" }).click();
    await expect(page.getByTestId("kpi-completed")).toContainText("687,100 万元");
  });
});
