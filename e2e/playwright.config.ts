import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

/** Debian's Chromium: Playwright cannot download its own browsers on this network. */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium";

const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } };
/** Journeys whose writes change what every other journey counts. */
const IMPORTS_LAST = /ledger-import\.spec\.ts$/;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./artifacts/test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { outputFolder: "./artifacts/report", open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // One server and one database for the whole run. The ledger import adds projects that the other journeys'
  // counts do not expect, so it runs after them: a project that depends on the rest (Playwright project
  // dependencies), not a file name that sorts last.
  projects: [
    {
      name: "chromium",
      testIgnore: IMPORTS_LAST,
      use: desktop,
    },
    {
      name: "imports-last",
      testMatch: IMPORTS_LAST,
      dependencies: ["chromium"],
      use: desktop,
    },
  ],
  webServer: {
    // The real server on an in-memory PGlite with the demo district, serving the built dashboard.
    command: "node --import tsx ../apps/server/src/main.ts",
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DIR: "memory://",
      LOG_LEVEL: "warn",
      DATABASE_URL: "",
      // Every journey signs in from 127.0.0.1, some several times: more than the per-address limit a
      // district's users get. The limit itself is tested in packages/api (auth.test.ts).
      LOGIN_MAX_ATTEMPTS: "1000",
    },
  },
});
