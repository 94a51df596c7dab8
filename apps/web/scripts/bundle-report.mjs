// What each route makes the browser download, from Vite's build manifest, in gzip bytes.
// `initial` is what every first visit loads before any route (the entry and its static imports);
// each route adds its own lazy chunk and that chunk's static imports not already loaded.
// Exits 1 when the initial JavaScript is over the budget (350 KB gzip, issue 4).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = Number(process.env.JS_BUDGET_KB ?? 350);
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const gz = new Map();
function gzipKb(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024);
  return gz.get(file);
}

/** The JS files a manifest entry loads at once: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const sum = (files) => [...files].filter((f) => f.endsWith(".js")).reduce((s, f) => s + gzipKb(f), 0);
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const initial = closure(entryKey);
const rows = [["initial (entry + login)", sum(initial), sum(initial)]];
const pages = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry && /-page\.tsx$/.test(k))
  .sort();
for (const key of pages) {
  const files = closure(key);
  const extra = new Set([...files].filter((f) => !initial.has(f)));
  rows.push([key.replace(/^src\/features\//, ""), sum(extra), sum(new Set([...initial, ...files]))]);
}

console.log(`${"route".padEnd(34)}${"adds (KB gz)".padStart(14)}${"total (KB gz)".padStart(15)}`);
for (const [name, adds, total] of rows)
  console.log(`${name.padEnd(34)}${adds.toFixed(1).padStart(14)}${total.toFixed(1).padStart(15)}`);
const initialKb = rows[0][1];
console.log(
  `initial JavaScript ${initialKb.toFixed(1)} KB gzip; budget ${BUDGET_KB} KB: ${initialKb <= BUDGET_KB ? "within" : "OVER"}`,
);
if (initialKb > BUDGET_KB) process.exit(1);
