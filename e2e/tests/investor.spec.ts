import { expect, signIn, test } from "../support/fixtures";

test.describe("investor portal", () => {
  test("an investor sees only their company's projects and cannot open another's by URL", async ({ page, consoleErrors }) => {
    await signIn(page, "investor");
    await expect(page.getByTestId("kpi-projects")).toContainText("3");
    await page.goto("/projects");
    await expect(page.getByTestId("register-total")).toContainText("共 3 个");
    const hrefs = await page
      .getByRole("row")
      .getByRole("link")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const own = new Set(hrefs.map((h) => Number(h?.split("/").pop())));
    expect(own.size).toBe(3);
    await page.getByRole("link", { name: "华骏铸造三期" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("华骏铸造三期");

    // Another company's project: the same answer as one that does not exist.
    const other = [1, 2, 3, 4, 5].find((id) => !own.has(id))!;
    await page.goto(`/projects/${other}`);
    await expect(page.getByText("没有找到该项目")).toBeVisible();
    await page.goto("/projects/999999");
    await expect(page.getByText("没有找到该项目")).toBeVisible();
    await page.screenshot({ path: "artifacts/screenshots/investor-not-found.png" });
    // The refused requests are the only errors the browser reports.
    expect(consoleErrors.length).toBeGreaterThan(0);
    expect(consoleErrors.every((e) => e.includes("404"))).toBe(true);
    consoleErrors.length = 0;
  });
});
