/**
 * `npm run import -- <file.xlsx|file.csv> [--dry-run]`: imports a project ledger into the configured
 * database (DATABASE_URL, else the PGlite data dir). Every row is checked first; then all of it is
 * written in one transaction, or nothing. Exit 0 with the counts; exit 1 with one
 * `row N, column X: problem` line per problem and the database unchanged.
 *
 * `npm run import -- --template <file.xlsx>`: writes the import template, its lists of valid values
 * read from the database.
 *
 * Messages are in English, or Chinese when LANG starts with zh.
 */
import { randomUUID } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename, isAbsolute, resolve } from "node:path";
import { importLedger, ledgerTemplate, loadLedgerRefs } from "@tracker/api";
import { DatabaseUnreachableError, DataDirInUseError, openDatabase } from "@tracker/db";
import { chinaToday } from "@tracker/domain";
import { ConfigError, readEnv } from "../env";
import { LEDGER_UPLOAD_LIMIT } from "../ledger-route";

const args = process.argv.slice(2);
const locale = (process.env.LANG ?? "").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
const zh = locale === "zh-CN";

function usage(): never {
  throw new ConfigError(
    "usage: npm run import -- <file.xlsx|file.csv> [--dry-run]   or   npm run import -- --template <file.xlsx>",
  );
}

async function main(): Promise<number> {
  const templateAt = args.indexOf("--template");
  const dryRun = args.includes("--dry-run");
  const given = templateAt >= 0 ? args[templateAt + 1] : args.find((a) => !a.startsWith("--"));
  if (!given) usage();
  // Paths are where the user ran `npm run import`, not the workspace npm switches to.
  const cwd = process.env.INIT_CWD && isAbsolute(process.env.INIT_CWD) ? process.env.INIT_CWD : process.cwd();
  const file = resolve(cwd, given);
  const env = readEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
  try {
    await database.migrate();
    if (templateAt >= 0) {
      const refs = await loadLedgerRefs(database.db);
      await writeFile(file, await ledgerTemplate(refs.values));
      process.stdout.write(zh ? `已写出导入模板：${file}\n` : `wrote the import template to ${file}\n`);
      return 0;
    }
    // The same cap as an upload: the file is read whole before the bounded reader sees it. Refused
    // like a file with problems (exit 1, nothing imported), not like a bad command line.
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > LEDGER_UPLOAD_LIMIT) {
      const mb = LEDGER_UPLOAD_LIMIT / 1024 / 1024;
      process.stderr.write(
        zh
          ? `tracker: ${file} 超过 ${mb} MB，未导入：请分成几个较小的文件分别导入\n`
          : `tracker: ${file} is over ${mb} MB and was not imported: split it into smaller files\n`,
      );
      return 1;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const started = performance.now();
    let writing = false;
    const result = await importLedger(database.db, bytes, {
      dryRun,
      locale,
      today: chinaToday(),
      now: new Date(),
      filename: basename(file),
      actor: { userId: null, role: "cli", clientIp: null, correlationId: randomUUID() },
      onProgress: (phase) => {
        if (phase === "write" && !writing) {
          writing = true;
          process.stdout.write(zh ? "检查通过，正在写入…\n" : "checked; writing…\n");
        }
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!result.ok) {
      for (const p of result.problems) process.stderr.write(`${p.message}\n`);
      process.stderr.write(
        zh
          ? `未导入：${result.problems.length} 处问题，数据库未作任何改动\n`
          : `not imported: ${result.problems.length} problem(s); the database is unchanged\n`,
      );
      return 1;
    }
    const counts = zh
      ? `${result.rows} 行：新增 ${result.created} 个项目，更新 ${result.updated} 个，未变 ${result.unchanged} 个；五定变更 ${result.fiveFixedChanged} 个；新增投资方 ${result.investorsCreated} 家（${seconds} 秒）`
      : `${result.rows} rows: ${result.created} projects created, ${result.updated} updated, ${result.unchanged} unchanged; ${result.fiveFixedChanged} five-fixed assignments changed; ${result.investorsCreated} investors added (${seconds} s)`;
    process.stdout.write(
      dryRun
        ? zh
          ? `检查通过（未写入）：${counts}\n`
          : `dry run, nothing written: ${counts}\n`
        : `${zh ? "已导入" : "imported"} ${counts}\n`,
    );
    if (result.ignoredHeadings.length > 0) {
      process.stdout.write(`${zh ? "已忽略的列" : "ignored columns"}: ${result.ignoredHeadings.join(", ")}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof DatabaseUnreachableError) {
      process.stderr.write(`tracker: ${error.message}\n`);
    } else {
      process.stderr.write(
        `tracker: import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(2);
  },
);
