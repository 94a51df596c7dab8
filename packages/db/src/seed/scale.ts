/**
 * A province-sized data set from the demo district (`npm run db:seed -- --scale N`): the seeded
 * district's projects and every row of theirs copied, in SQL sets, until there are N projects, spread
 * over up to PROVINCE_DISTRICTS copies of the townships. The same proportions and realism as the demo
 * district (each copy is the demo district under new ids), deterministic, and fast: one
 * `insert … select … cross join generate_series` a table, the RAG facts refreshed once at the end.
 * Units, people, investors and approval items are shared by all copies.
 */
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../client";
import { DEMO_FIGURES } from "./demo-context";

/** How many districts the copies' townships are spread over (the demo district is the first). */
export const PROVINCE_DISTRICTS = 20;

/** The child tables copied with their projects, and how each reaches its project. */
const PROJECT_ROWS = ["five_fixed_assignments", "milestones", "permits", "progress_reports", "problems"] as const;
const COPIED = ["projects", ...PROJECT_ROWS, "milestone_replans"] as const;

async function columnsOf(db: Database, table: string): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
        order by ordinal_position`,
  );
  return rows.map((r) => r.name);
}

async function maxId(db: Database, table: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql.raw(`select coalesce(max(id), 0)::int as n from ${table}`));
  return Number(row!.n);
}

/** The select list of a copy: every column as it is, but for those given. */
function selectList(columns: string[], alias: string, replace: Record<string, string>): string {
  return columns.map((c) => replace[c] ?? `${alias}.${c}`).join(", ");
}

export interface ScaleResult {
  projects: number;
  milestones: number;
  permits: number;
  progressReports: number;
  problems: number;
  townships: number;
  seconds: number;
}

/**
 * Grows a database holding the demo district (and nothing else yet) to `target` projects. Copy `c`
 * (1, 2, …) of project `id` is project `id + c·P` with code `<code>-<c>`, in township copy
 * `c mod PROVINCE_DISTRICTS`; its rows keep their dates, so every copy has the demo district's mix of
 * late, at-risk and on-time work relative to the seed's day.
 */
export async function scaleDistrict(db: Database, target: number): Promise<ScaleResult> {
  const started = performance.now();
  const base = await maxId(db, "projects");
  if (base === 0) throw new Error("seed the demo district first: the province is built from it");
  const [{ n: existing } = { n: 0 }] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from projects`);
  if (Number(existing) !== base || base !== DEMO_FIGURES.projects)
    throw new Error("the database holds more than the demo district; scale a fresh one");
  const copies = Math.ceil(target / base) - 1;
  if (copies < 1) throw new Error(`--scale takes more projects than the demo district's ${base}`);
  const lastCopyProjects = target - base * copies;

  await db.transaction(async (txn) => {
    const tx = txn as unknown as Database;
    const townships = await maxId(tx, "townships");
    const districts = Math.min(PROVINCE_DISTRICTS, copies + 1);
    const offsets = new Map<string, number>();
    for (const table of COPIED) offsets.set(table, await maxId(tx, table));
    // The copies' facts and investment months are computed once at the end rather than by the triggers
    // statement by statement.
    for (const table of PROJECT_ROWS) await tx.execute(sql.raw(`alter table ${table} disable trigger user`));

    // Townships of districts 2 … : 第2区水屯镇, …
    const townshipColumns = await columnsOf(tx, "townships");
    await tx.execute(
      sql.raw(`insert into townships (${townshipColumns.join(", ")})
        select ${selectList(townshipColumns, "t", { id: `t.id + d * ${townships}`, name: `'第' || (d + 1) || '区' || t.name` })}
        from townships t cross join generate_series(1, ${districts - 1}) as d
        where t.id <= ${townships}`),
    );

    // Copy c of a project exists for c < copies, and for the last copy only up to the target.
    const inCopy = (projectId: string) => `(c < ${copies} or ${projectId} <= ${lastCopyProjects})`;
    const series = `generate_series(1, ${copies}) as c`;
    const projectColumns = await columnsOf(tx, "projects");
    await tx.execute(
      sql.raw(`insert into projects (${projectColumns.join(", ")})
        select ${selectList(projectColumns, "p", {
          id: `p.id + c * ${base}`,
          code: `p.code || '-' || c`,
          township_id: `p.township_id + (c % ${districts}) * ${townships}`,
        })}
        from projects p cross join ${series}
        where p.id <= ${base} and ${inCopy("p.id")}
        order by c, p.id`),
    );
    for (const table of PROJECT_ROWS) {
      const columns = await columnsOf(tx, table);
      const offset = offsets.get(table)!;
      await tx.execute(
        sql.raw(`insert into ${table} (${columns.join(", ")})
          select ${selectList(columns, "r", { id: `r.id + c * ${offset}`, project_id: `r.project_id + c * ${base}` })}
          from ${table} r cross join ${series}
          where r.id <= ${offset} and ${inCopy("r.project_id")}
          order by c, r.id`),
      );
    }
    const replanColumns = await columnsOf(tx, "milestone_replans");
    const milestoneOffset = offsets.get("milestones")!;
    const replanOffset = offsets.get("milestone_replans")!;
    await tx.execute(
      sql.raw(`insert into milestone_replans (${replanColumns.join(", ")})
        select ${selectList(replanColumns, "r", {
          id: `r.id + c * ${replanOffset}`,
          milestone_id: `r.milestone_id + c * ${milestoneOffset}`,
        })}
        from milestone_replans r join milestones m on m.id = r.milestone_id cross join ${series}
        where r.id <= ${replanOffset} and ${inCopy("m.project_id")}
        order by c, r.id`),
    );

    for (const table of PROJECT_ROWS) await tx.execute(sql.raw(`alter table ${table} enable trigger user`));
    // Statistics for the grown tables before the one refresh reads them all.
    for (const table of ["townships", ...COPIED]) await tx.execute(sql.raw(`analyze ${table}`));
    await tx.execute(sql`select refresh_project_facts(array(select id from projects where id > ${base}))`);
    await tx.execute(sql`select rebuild_investment_months()`);
    await tx.execute(sql`select rebuild_project_counts()`);
    for (const table of ["townships", ...COPIED]) {
      await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`));
    }
    await tx.execute(
      sql`insert into audit_events (entity, action, after) values ('district', 'scale', ${JSON.stringify({ target, copies, districts })}::jsonb)`,
    );
  });
  await db.execute(sql`analyze`);

  const count = async (table: string) =>
    Number((await rowsOf<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);
  return {
    projects: await count("projects"),
    milestones: await count("milestones"),
    permits: await count("permits"),
    progressReports: await count("progress_reports"),
    problems: await count("problems"),
    townships: await count("townships"),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
