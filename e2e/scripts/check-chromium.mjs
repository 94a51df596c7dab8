// Before Playwright starts: say in one line how to get a browser, rather than a stack trace.
import { accessSync, constants } from "node:fs";

const executable = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium";
try {
  accessSync(executable, constants.X_OK);
} catch {
  console.error(
    `e2e: no Chromium at ${executable}: install Debian's (apt-get update && apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.`,
  );
  process.exit(1);
}
