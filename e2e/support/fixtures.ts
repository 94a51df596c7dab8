import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

/** Signs a demo user in through the login form, as a person would. */
export async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  // Signed in once the app has left the login page (the session cookie is set by then).
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Fails a test when the page logs an error to the console or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(err.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
