import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures";

/**
 * Every page of the dashboard under the server's Content-Security-Policy: each violation the browser
 * reports (the `securitypolicyviolation` event, in every document the page loads, and Chromium's
 * console line) is collected; the journey fails on the first page that has one.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
      report?.(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  return violations;
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /退\s*出/ }).click();
  await page.waitForURL(/\/login/);
}

test.describe("browser security", () => {
  test("every page, as each role, runs under the Content-Security-Policy without a violation", async ({ page }) => {
    test.setTimeout(180_000); // seven roles, a dozen pages and a PDF on two shared cores
    const violations = await watchCsp(page);
    const clean = (where: string) => expect(violations, where).toEqual([]);

    const login = await page.goto("/login");
    expect(login?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await expect(page.getByRole("button", { name: /登\s*录/ })).toBeVisible();
    clean("login");

    // District leadership: the overview with its charts, the register, a project page and every tab.
    await signIn(page, "leadership");
    await expect(page.getByTestId("stage-funnel").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("kpi-completed")).toContainText("万元");
    clean("overview");
    await page.goto("/projects");
    await expect(page.locator(".ant-table-row").first()).toBeVisible();
    clean("register");
    await page.goto("/projects?q=%E5%8D%8E%E9%AA%8F%E9%93%B8%E9%80%A0%E4%B8%89%E6%9C%9F");
    await page.getByRole("link", { name: "华骏铸造三期" }).click();
    await expect(page.getByTestId("project-rag")).toBeVisible();
    for (const tab of ["节点", "证照办理", "问题台账", "变更记录", "概况"]) {
      await page.getByRole("tab", { name: new RegExp(tab) }).click();
      await expect(page.getByRole("tab", { name: new RegExp(tab) })).toHaveAttribute("aria-selected", "true");
      await expect(page.locator('[role="tabpanel"]:visible')).not.toBeEmpty();
      clean(`project page, ${tab}`);
    }

    // The dispatch report, and its PDF built in the browser (jsPDF, html2canvas-pro: canvas, blob: and data: URLs).
    await page.goto("/report");
    await expect(page.getByTestId("report-red-row").first()).toBeVisible();
    clean("report");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载 PDF" }).click();
    const file = await download;
    await file.saveAs("artifacts/security-report.pdf");
    const bytes = await readFile("artifacts/security-report.pdf");
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(bytes.length).toBeGreaterThan(10_000);
    await expect(page.getByRole("button", { name: "下载 PDF" })).toBeEnabled();
    clean("report PDF");
    await signOut(page);

    // The person in charge: my work.
    await signIn(page, "owner");
    await page.getByRole("link", { name: "我的工作" }).click();
    await expect(page.getByRole("heading", { name: "我的工作" })).toBeVisible();
    clean("my work");
    await signOut(page);

    // The auditor: the audit log.
    await signIn(page, "auditor");
    await expect(page).toHaveURL(/\/audit/);
    await expect(page.locator(".ant-table-row").first()).toBeVisible();
    clean("audit log");
    await signOut(page);

    // The investor's portal.
    await signIn(page, "investor");
    await expect(page.getByTestId("portal-project").first()).toBeVisible();
    clean("investor portal");
    await signOut(page);

    // The administrator: the ledger import, and its template downloaded.
    await signIn(page, "admin");
    await page.getByRole("link", { name: "台账导入" }).click();
    await expect(page).toHaveURL(/\/import/);
    const template = page.waitForEvent("download");
    await page.getByRole("button", { name: "下载导入模板" }).click();
    expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);
    clean("ledger import");
  });

  test("another site cannot frame the login page", async ({ page, consoleErrors, baseURL }) => {
    // "Another site": the same server under another host name (localhost, not 127.0.0.1) is another
    // origin; its page is made up here and never reaches the server.
    const loginUrl = `${baseURL}/login`;
    const attacker = baseURL!.replace("127.0.0.1", "localhost");
    await page.route(`${attacker}/attacker.html`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>attacker</title><iframe id="victim" src="${loginUrl}" width="800" height="600"></iframe>`,
      }),
    );
    const headers = (await page.request.get(loginUrl)).headers();
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.goto(`${attacker}/attacker.html`);
    await expect(page.locator("#victim")).toBeVisible();
    // The browser refuses to show it: the frame holds Chromium's error page, not the login form.
    await page.waitForLoadState("load");
    await expect
      .poll(() =>
        page
          .frames()
          .find((f) => f !== page.mainFrame())
          ?.url(),
      )
      .toBe("chrome-error://chromewebdata/");
    const frame = page.frameLocator("#victim");
    await expect(frame.getByRole("button", { name: /登\s*录/ })).toHaveCount(0);
    await expect(frame.getByLabel("用户名")).toHaveCount(0);
    // A refusal the browser may log is the point of this test, not an error of the dashboard.
    consoleErrors.splice(0);
  });
});
