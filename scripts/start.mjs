#!/usr/bin/env node
// `npm start`: build the dashboard if it is missing or older than its sources, then run the server
// in this process (so Ctrl-C and SIGTERM reach it directly and PGlite closes cleanly).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "apps/web");
const builtIndex = join(web, "dist/index.html");

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const sources = [join(web, "src"), join(web, "index.html"), join(web, "vite.config.ts"), join(root, "packages/domain/src")];
const stale = !existsSync(builtIndex) || sources.some((s) => existsSync(s) && newestMtime(s) > statSync(builtIndex).mtimeMs);
if (stale && !process.env.WEB_DIST) {
  process.stdout.write("tracker: building the dashboard (apps/web) …\n");
  const result = spawnSync("npm", ["run", "build", "-w", "@tracker/web"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write("tracker: the dashboard did not build; see the output above\n");
    process.exit(result.status ?? 1);
  }
}

const { register } = await import("tsx/esm/api");
register();
await import(join(root, "apps/server/src/main.ts"));
