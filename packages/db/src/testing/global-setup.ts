import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client";
import { seedDemoDistrict } from "../seed";
import { databaseUrlFor, TEST_TODAY } from "./index";

/**
 * Migrates and seeds the demo district once per test run and keeps a snapshot: PGlite's initdb and
 * the seed take seconds, loading a dump takes well under one.
 */
export default async function setup(project: TestProject) {
  const tag = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const dumpPath = join(tmpdir(), `tracker-test-${tag}.tar.gz`);
  const pglite = await openDatabase({ pgliteDir: "memory://" });
  await pglite.migrate();
  await seedDemoDistrict(pglite.db, { today: TEST_TODAY });
  const dump = await pglite.dumpDataDir!();
  await pglite.close();
  await writeFile(`${dumpPath}.part`, Buffer.from(await dump.arrayBuffer()));
  await rename(`${dumpPath}.part`, dumpPath);
  project.provide("pgliteDumpPath", dumpPath);

  let template: string | null = null;
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    template = `tracker_tpl_${tag}`;
    const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const pg = await openDatabase({ databaseUrl: databaseUrlFor(baseUrl, template), maxConnections: 2 });
    await pg.migrate();
    await seedDemoDistrict(pg.db, { today: TEST_TODAY });
    await pg.close();
    await admin.end();
  }
  project.provide("postgresTemplate", template);

  return async () => {
    await rm(dumpPath, { force: true });
    if (baseUrl && template) {
      const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
