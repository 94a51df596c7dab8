-- The headline figures of the whole district (the table of 0015) are kept by the database: every
-- statement that inserts or deletes projects, or changes a project's stage, lifecycle status, actual
-- start date, signing date, total or completed investment, appends per group (stage, status, year
-- construction started, year signed) the difference it made: the old rows taken out (−1 project and
-- their sums), the new rows put in. Statement-level with transition tables and append-only, like the
-- investment months (0013), so concurrent writers never wait on each other here nor deadlock. A
-- group's figures are the sums of its rows; compact_project_counts() folds them into one row per
-- group. `dashboardSummary` reads them for the whole district and computes from the rows for a scope;
-- `rollups.test.ts` compares the two after random and concurrent writes.

CREATE OR REPLACE FUNCTION project_counts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO project_count_deltas (stage, status, start_year, signed_year, projects, total_wan, completed_wan)
    SELECT stage, status, extract(year from actual_start_date)::smallint, extract(year from signed_date)::smallint,
           count(*), sum(total_investment_wan), sum(completed_investment_wan)
    FROM new_rows GROUP BY 1, 2, 3, 4;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only the rows whose counted columns changed: most updates (a name, a date planned) add nothing.
    INSERT INTO project_count_deltas (stage, status, start_year, signed_year, projects, total_wan, completed_wan)
    WITH changed AS (
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.stage, n.status, n.actual_start_date, n.signed_date, n.total_investment_wan, n.completed_investment_wan)
        IS DISTINCT FROM (o.stage, o.status, o.actual_start_date, o.signed_date, o.total_investment_wan, o.completed_investment_wan)
    )
    SELECT stage, status, start_year, signed_year, sum(n), sum(total), sum(completed) FROM (
      SELECT stage, status, extract(year from actual_start_date)::smallint AS start_year,
             extract(year from signed_date)::smallint AS signed_year, 1 AS n,
             total_investment_wan::numeric AS total, completed_investment_wan::numeric AS completed
      FROM new_rows WHERE id IN (SELECT id FROM changed)
      UNION ALL
      SELECT stage, status, extract(year from actual_start_date)::smallint, extract(year from signed_date)::smallint, -1,
             -total_investment_wan::numeric, -completed_investment_wan::numeric
      FROM old_rows WHERE id IN (SELECT id FROM changed)
    ) d
    GROUP BY 1, 2, 3, 4
    HAVING sum(n) <> 0 OR sum(total) <> 0 OR sum(completed) <> 0;
  ELSE
    INSERT INTO project_count_deltas (stage, status, start_year, signed_year, projects, total_wan, completed_wan)
    SELECT stage, status, extract(year from actual_start_date)::smallint, extract(year from signed_date)::smallint,
           -count(*), -sum(total_investment_wan), -sum(completed_investment_wan)
    FROM old_rows GROUP BY 1, 2, 3, 4;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_counts_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_counts_changed();
--> statement-breakpoint
CREATE TRIGGER projects_counts_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_counts_changed();
--> statement-breakpoint
CREATE TRIGGER projects_counts_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_counts_changed();
--> statement-breakpoint
-- Every group again from all the projects: after a load with the triggers set aside (the province
-- generator) and once here for a database migrated with its district in it.
CREATE OR REPLACE FUNCTION rebuild_project_counts() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM project_count_deltas;
  INSERT INTO project_count_deltas (stage, status, start_year, signed_year, projects, total_wan, completed_wan)
  SELECT stage, status, extract(year from actual_start_date)::smallint, extract(year from signed_date)::smallint,
         count(*), sum(total_investment_wan), sum(completed_investment_wan)
  FROM projects GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
$$;
--> statement-breakpoint
-- One row per group: the rows of each group that this statement sees replaced by their sums (a group
-- whose sums are all zero, e.g. a stage every project has left, by none). Rows that writers append
-- meanwhile are not seen, so not deleted, and still count. Returns the number of rows removed.
CREATE OR REPLACE FUNCTION compact_project_counts() RETURNS integer
LANGUAGE sql AS $$
  WITH groups AS (
    SELECT stage, status, start_year, signed_year FROM project_count_deltas GROUP BY 1, 2, 3, 4
    HAVING count(*) > 1 OR (sum(projects) = 0 AND sum(total_wan) = 0 AND sum(completed_wan) = 0)
  ),
  folded AS (
    DELETE FROM project_count_deltas d USING groups g
    WHERE d.stage = g.stage AND d.status = g.status AND d.start_year IS NOT DISTINCT FROM g.start_year
      AND d.signed_year = g.signed_year
    RETURNING d.stage, d.status, d.start_year, d.signed_year, d.projects, d.total_wan, d.completed_wan
  ),
  summed AS (
    INSERT INTO project_count_deltas (stage, status, start_year, signed_year, projects, total_wan, completed_wan)
    SELECT stage, status, start_year, signed_year, sum(projects), sum(total_wan), sum(completed_wan)
    FROM folded GROUP BY 1, 2, 3, 4
    HAVING sum(projects) <> 0 OR sum(total_wan) <> 0 OR sum(completed_wan) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM folded) - (SELECT count(*)::int FROM summed);
$$;
--> statement-breakpoint
SELECT rebuild_project_counts();
