import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures";

/** Serious and critical WCAG 2 A/AA violations on the page as it stands. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes
          .slice(0, 8)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

test.describe("accessibility", () => {
  test("the main pages have no serious or critical axe violations", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: /登\s*录/ })).toBeVisible();
    expect(await seriousViolations(page), "login").toEqual([]);

    await signIn(page, "owner");
    await expect(page.getByTestId("stage-funnel").locator(".recharts-bar-rectangle").first()).toBeVisible();
    expect(await seriousViolations(page), "overview").toEqual([]);

    await page.goto("/projects");
    await expect(page.locator(".ant-table-row").first()).toBeVisible();
    expect(await seriousViolations(page), "register").toEqual([]);

    await page.locator(".ant-table-row").first().getByRole("link").first().click();
    await expect(page.getByTestId("project-rag")).toBeVisible();
    expect(await seriousViolations(page), "project").toEqual([]);

    await page.getByRole("link", { name: "我的工作" }).click();
    await expect(page.getByRole("heading", { name: "我的工作" })).toBeVisible();
    expect(await seriousViolations(page), "my work").toEqual([]);

    await page.goto("/report");
    await expect(page.getByTestId("report-red-row").first()).toBeVisible();
    expect(await seriousViolations(page), "dispatch report").toEqual([]);
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "leadership");
    await page.goto("/projects/1?tab=audit");
    await expect(page.getByRole("tab", { name: "变更记录" })).toHaveAttribute("aria-selected", "true");
    expect(await seriousViolations(page), "change history").toEqual([]);
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await signIn(page, "auditor");
    await expect(page.locator(".ant-table-row").first()).toBeVisible();
    expect(await seriousViolations(page), "audit log").toEqual([]);
    await page.getByRole("button", { name: /退\s*出/ }).click();

    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, "investor");
    await expect(page.getByTestId("portal-project").first()).toBeVisible();
    expect(await seriousViolations(page), "investor portal on a phone").toEqual([]);
  });
});
