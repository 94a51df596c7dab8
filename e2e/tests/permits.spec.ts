import { expect, signIn, test } from "../support/fixtures";

test.describe("permits", () => {
  test("unit staff returns a permit listing missing materials, and the investor then sees them", async ({ page }) => {
    await signIn(page, "staff");
    await page.goto("/projects?q=%E5%8D%8E%E9%AA%8F%E9%93%B8%E9%80%A0%E4%B8%89%E6%9C%9F");
    await page.getByRole("link", { name: "华骏铸造三期" }).click();
    await page.getByRole("tab", { name: /证照办理/ }).click();
    const row = page.getByRole("row", { name: /建筑工程施工许可证核发/ });
    await expect(row).toContainText("未申报");
    await row.getByRole("button", { name: /受\s*理/ }).click();
    await expect(row).toContainText("已受理");
    await row.getByRole("button", { name: /退回补正/ }).click();
    const dialog = page.getByRole("dialog");
    const materials = dialog.getByLabel("需补正的材料（逐项填写）");
    await materials.fill("施工图审查合格书");
    await materials.press("Enter");
    await materials.fill("建设资金到位证明");
    await materials.press("Enter");
    await dialog.getByRole("button", { name: /提\s*交/ }).click();
    await expect(row).toContainText("退回补正");
    await expect(row).toContainText("施工图审查合格书；建设资金到位证明");
    await page.screenshot({ path: "artifacts/screenshots/staff-returned-permit.png", fullPage: true });
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "investor");
    await page.goto("/projects");
    await page.getByRole("link", { name: "华骏铸造三期" }).click();
    await page.getByRole("tab", { name: /证照办理/ }).click();
    const seen = page.getByRole("row", { name: /建筑工程施工许可证核发/ });
    await expect(seen).toContainText("退回补正");
    await expect(seen).toContainText("施工图审查合格书；建设资金到位证明");
    // Investors see the permit, not the clerk's buttons.
    await expect(seen.getByRole("button")).toHaveCount(0);
    await page.screenshot({ path: "artifacts/screenshots/investor-permits.png", fullPage: true });
  });
});
