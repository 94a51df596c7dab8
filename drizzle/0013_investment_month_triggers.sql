-- The investment per month of the whole database (the table of 0012) is kept by the database: every
-- statement that inserts, updates or deletes progress reports appends the difference of its rows' sums
-- per month, and every statement that changes a project's total or planned dates appends that
-- project's planned share taken out of its old months and put into its new ones, in the same
-- transaction. Statement-level with transition tables, and append-only: no writer updates a row
-- another writer may hold, so 50 writers at once never wait on each other here nor deadlock. A month's
-- figure is the sum of its rows; compact_investment_months() folds them into one row per month. The
-- spread is the one of `investmentByMonthFromRows` (packages/db/src/queries/investment.ts), which a
-- scoped panel reads; `rollups.test.ts` compares the two after random and concurrent writes, so a
-- change to one that is not made to the other fails.

-- A project's planned investment per month: its total spread evenly over the calendar months from its
-- planned start month to its planned completion month inclusive (no rows without both dates).
CREATE OR REPLACE FUNCTION planned_investment_months(total numeric, start_date date, completion_date date)
RETURNS TABLE (month date, wan numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT gs::date,
         total / ((extract(year from e) - extract(year from s)) * 12 + extract(month from e) - extract(month from s) + 1)::int
  FROM (SELECT date_trunc('month', start_date)::date AS s, date_trunc('month', completion_date)::date AS e) span
  CROSS JOIN LATERAL generate_series(span.s::timestamp, span.e::timestamp, interval '1 month') gs
  WHERE start_date IS NOT NULL AND completion_date IS NOT NULL
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION investment_months_reports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO investment_month_deltas (month, completed_wan)
    SELECT period, sum(investment_wan) FROM new_rows GROUP BY period;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO investment_month_deltas (month, completed_wan)
    SELECT period, sum(wan) FROM (
      SELECT period, investment_wan::numeric AS wan FROM new_rows
      UNION ALL SELECT period, -investment_wan::numeric FROM old_rows
    ) d GROUP BY period HAVING sum(wan) <> 0;
  ELSE
    INSERT INTO investment_month_deltas (month, completed_wan)
    SELECT period, -sum(investment_wan) FROM old_rows GROUP BY period;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION investment_months_projects() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO investment_month_deltas (month, planned_wan)
    SELECT s.month, sum(s.wan) FROM new_rows p
    CROSS JOIN LATERAL planned_investment_months(p.total_investment_wan::numeric, p.planned_start_date, p.planned_completion_date) s
    GROUP BY s.month;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only the projects whose total or planned dates changed (a stage move or a progress report's
    -- completed investment changes neither).
    INSERT INTO investment_month_deltas (month, planned_wan)
    SELECT s.month, sum(s.sign * s.wan) FROM (
      SELECT n.total_investment_wan AS total, n.planned_start_date AS s, n.planned_completion_date AS e,
             o.total_investment_wan AS old_total, o.planned_start_date AS old_s, o.planned_completion_date AS old_e
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.total_investment_wan, n.planned_start_date, n.planned_completion_date)
        IS DISTINCT FROM (o.total_investment_wan, o.planned_start_date, o.planned_completion_date)
    ) c
    CROSS JOIN LATERAL (
      SELECT month, wan, 1 AS sign FROM planned_investment_months(c.total::numeric, c.s, c.e)
      UNION ALL SELECT month, wan, -1 FROM planned_investment_months(c.old_total::numeric, c.old_s, c.old_e)
    ) s
    GROUP BY s.month HAVING sum(s.sign * s.wan) <> 0;
  ELSE
    INSERT INTO investment_month_deltas (month, planned_wan)
    SELECT s.month, -sum(s.wan) FROM old_rows p
    CROSS JOIN LATERAL planned_investment_months(p.total_investment_wan::numeric, p.planned_start_date, p.planned_completion_date) s
    GROUP BY s.month;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Every month again from all the rows: after a load with the triggers set aside (the province
-- generator) and once here for a database migrated with its district in it.
CREATE OR REPLACE FUNCTION rebuild_investment_months() RETURNS void
LANGUAGE sql AS $$
  DELETE FROM investment_month_deltas;
  INSERT INTO investment_month_deltas (month, completed_wan, planned_wan)
  SELECT month, sum(completed), sum(planned) FROM (
    SELECT period AS month, investment_wan::numeric AS completed, 0::numeric AS planned FROM progress_reports
    UNION ALL
    SELECT s.month, 0, s.wan FROM projects p
    CROSS JOIN LATERAL planned_investment_months(p.total_investment_wan::numeric, p.planned_start_date, p.planned_completion_date) s
  ) x GROUP BY month ORDER BY month;
$$;
--> statement-breakpoint
CREATE TRIGGER progress_reports_investment_insert AFTER INSERT ON progress_reports
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_reports();
--> statement-breakpoint
CREATE TRIGGER progress_reports_investment_update AFTER UPDATE ON progress_reports
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_reports();
--> statement-breakpoint
CREATE TRIGGER progress_reports_investment_delete AFTER DELETE ON progress_reports
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_reports();
--> statement-breakpoint
CREATE TRIGGER projects_investment_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_projects();
--> statement-breakpoint
CREATE TRIGGER projects_investment_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_projects();
--> statement-breakpoint
CREATE TRIGGER projects_investment_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION investment_months_projects();
--> statement-breakpoint
-- One row per month: the rows of each month that this statement sees replaced by their sum. Rows
-- that writers append meanwhile are not seen, so not deleted, and still count.
CREATE OR REPLACE FUNCTION compact_investment_months() RETURNS integer
LANGUAGE sql AS $$
  WITH folded AS (
    DELETE FROM investment_month_deltas
    WHERE month IN (SELECT month FROM investment_month_deltas GROUP BY month HAVING count(*) > 1)
    RETURNING month, completed_wan, planned_wan
  ),
  summed AS (
    INSERT INTO investment_month_deltas (month, completed_wan, planned_wan)
    SELECT month, sum(completed_wan), sum(planned_wan) FROM folded GROUP BY month
    RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM folded) - (SELECT count(*)::int FROM summed);
$$;
--> statement-breakpoint
SELECT rebuild_investment_months();
