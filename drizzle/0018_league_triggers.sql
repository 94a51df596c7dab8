-- The league tables (leaders, responsible units, townships) are kept by the database, in three steps
-- that every writer goes through:
--   1. refresh_project_facts (0010, extended here) also records in each project's facts its groups
--      (township, current five-fixed leader and unit), its milestones reached and reached on time, its
--      problems resolved, the due dates of its open items and the whole days each resolved problem
--      took. It now also runs when a project is inserted or changes township, so every project has
--      facts and is counted.
--   2. A statement-level trigger on project_facts appends, per group, the new facts minus the old
--      (append_league_deltas): a project that changes leader takes all its figures from the old
--      leader to the new one in the same transaction.
--   3. leagueTables sums those rows; what is overdue on a day is the open items due before it, so
--      nothing about today is stored and no nightly job is needed.
-- Append-only like the investment months (0013), so concurrent writers never wait on each other
-- here; compact_leagues() folds the rows. `leagueTablesFromRows` computes the same tables from the
-- rows (a scoped league reads it); `rollups.test.ts` compares the two after random and concurrent
-- writes. The lists of statuses are the domain's PENDING_PERMIT_STATUSES, OPEN_PROBLEM_STATUSES and
-- SOLVED_PROBLEM_STATUSES.

-- Days from raised to resolved, rounded to whole days: what the league's median is taken over.
CREATE OR REPLACE FUNCTION resolve_days(raised_at timestamptz, resolved_at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT round(extract(epoch from (resolved_at - raised_at)) / 86400)::int
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refresh_project_facts(ids integer[]) RETURNS void
LANGUAGE sql AS $$
  -- Set-based: for one project the planner reads each table by its project index, for a hundred
  -- thousand (the province generator) it hashes them once.
  WITH touched AS (SELECT DISTINCT unnest(ids) AS id),
  f AS (
    -- The current assignment (at most one per project: five_fixed_current_uq).
    -- No filter by the touched ids here: with no grouping the planner inlines this into the join
    -- below (an index lookup per project); `IN (SELECT id FROM touched)` became a semi-join that re-read
    -- every touched id per assignment (100,000 projects: minutes).
    SELECT project_id, leader_id, unit_id, CASE WHEN achieved_date IS NULL THEN deadline END AS due
    FROM five_fixed_assignments
    WHERE valid_to IS NULL
  ),
  m AS (
    SELECT project_id,
           min(planned_date) FILTER (WHERE actual_date IS NULL) AS due,
           count(*) FILTER (WHERE actual_date IS NULL AND replan_count > 1)::int AS replanned,
           count(*) FILTER (WHERE actual_date IS NOT NULL)::int AS done,
           count(*) FILTER (WHERE actual_date <= planned_date)::int AS on_time,
           coalesce(array_agg(planned_date ORDER BY planned_date) FILTER (WHERE actual_date IS NULL), '{}') AS open_dues
    FROM milestones WHERE project_id IN (SELECT id FROM touched)
    GROUP BY project_id
  ),
  pe AS (
    SELECT project_id, array_agg(due_date ORDER BY due_date) AS dues FROM permits
    WHERE project_id IN (SELECT id FROM touched) AND status IN ('submitted', 'in_review') AND due_date IS NOT NULL
    GROUP BY project_id
  ),
  pr AS (
    SELECT project_id,
           min(deadline) FILTER (WHERE status IN ('open', 'in_progress')) AS due,
           coalesce(array_agg(deadline ORDER BY deadline)
                      FILTER (WHERE status IN ('open', 'in_progress') AND deadline IS NOT NULL), '{}') AS open_dues,
           count(*) FILTER (WHERE status IN ('resolved', 'verified'))::int AS resolved,
           coalesce(array_agg(resolve_days(raised_at, resolved_at) ORDER BY resolve_days(raised_at, resolved_at))
                      FILTER (WHERE status IN ('resolved', 'verified') AND resolved_at IS NOT NULL), '{}') AS resolved_days
    FROM problems WHERE project_id IN (SELECT id FROM touched)
    GROUP BY project_id
  )
  INSERT INTO project_facts AS pf (
    project_id, five_fixed_due, milestone_due, permit_due, problem_due, replanned_milestones,
    township_id, leader_id, unit_id, milestones_done, milestones_on_time, problems_resolved,
    open_milestone_dues, open_other_dues, resolved_days
  )
  SELECT p.id, f.due, m.due, pe.dues[1], pr.due, coalesce(m.replanned, 0),
         p.township_id, f.leader_id, f.unit_id, coalesce(m.done, 0), coalesce(m.on_time, 0), coalesce(pr.resolved, 0),
         coalesce(m.open_dues, '{}'),
         ARRAY(SELECT d FROM unnest(ARRAY[f.due] || coalesce(pe.dues, '{}') || coalesce(pr.open_dues, '{}')) d
               WHERE d IS NOT NULL ORDER BY d),
         coalesce(pr.resolved_days, '{}')
  FROM projects p
  JOIN touched ON touched.id = p.id
  LEFT JOIN f ON f.project_id = p.id
  LEFT JOIN m ON m.project_id = p.id
  LEFT JOIN pe ON pe.project_id = p.id
  LEFT JOIN pr ON pr.project_id = p.id
  ON CONFLICT (project_id) DO UPDATE SET
    five_fixed_due = excluded.five_fixed_due,
    milestone_due = excluded.milestone_due,
    permit_due = excluded.permit_due,
    problem_due = excluded.problem_due,
    replanned_milestones = excluded.replanned_milestones,
    township_id = excluded.township_id,
    leader_id = excluded.leader_id,
    unit_id = excluded.unit_id,
    milestones_done = excluded.milestones_done,
    milestones_on_time = excluded.milestones_on_time,
    problems_resolved = excluded.problems_resolved,
    open_milestone_dues = excluded.open_milestone_dues,
    open_other_dues = excluded.open_other_dues,
    resolved_days = excluded.resolved_days
  WHERE (pf.five_fixed_due, pf.milestone_due, pf.permit_due, pf.problem_due, pf.replanned_milestones,
         pf.township_id, pf.leader_id, pf.unit_id, pf.milestones_done, pf.milestones_on_time, pf.problems_resolved,
         pf.open_milestone_dues, pf.open_other_dues, pf.resolved_days)
    IS DISTINCT FROM
        (excluded.five_fixed_due, excluded.milestone_due, excluded.permit_due, excluded.problem_due, excluded.replanned_milestones,
         excluded.township_id, excluded.leader_id, excluded.unit_id, excluded.milestones_done, excluded.milestones_on_time,
         excluded.problems_resolved, excluded.open_milestone_dues, excluded.open_other_dues, excluded.resolved_days)
$$;
--> statement-breakpoint
-- Per group (each project in its leader's, unit's and township's), the added facts minus the removed:
-- the project count and sums, the open items per due date, the resolved problems per whole days.
CREATE OR REPLACE FUNCTION append_league_deltas(added project_facts[], removed project_facts[]) RETURNS void
LANGUAGE sql AS $$
  WITH r AS (
    SELECT 1 AS sign, a.* FROM unnest(added) a
    UNION ALL
    SELECT -1, d.* FROM unnest(removed) d
  ),
  g AS (
    SELECT r.*, grp.dim, grp.key FROM r
    CROSS JOIN LATERAL (VALUES ('leader', r.leader_id), ('unit', r.unit_id), ('township', r.township_id)) grp(dim, key)
    WHERE grp.key IS NOT NULL
  ),
  sums AS (
    INSERT INTO league_deltas (dim, key, projects, milestones_done, milestones_on_time, problems_resolved)
    SELECT dim, key, sum(sign), sum(sign * milestones_done), sum(sign * milestones_on_time), sum(sign * problems_resolved)
    FROM g GROUP BY dim, key
    HAVING sum(sign) <> 0 OR sum(sign * milestones_done) <> 0 OR sum(sign * milestones_on_time) <> 0
        OR sum(sign * problems_resolved) <> 0
  ),
  dues AS (
    INSERT INTO league_due_deltas (dim, key, due, milestones, items)
    SELECT g.dim, g.key, d.due, sum(g.sign * d.milestone), sum(g.sign)
    FROM g CROSS JOIN LATERAL (
      SELECT due, 1 AS milestone FROM unnest(g.open_milestone_dues) due
      UNION ALL
      SELECT due, 0 FROM unnest(g.open_other_dues) due
    ) d
    GROUP BY 1, 2, 3
    HAVING sum(g.sign * d.milestone) <> 0 OR sum(g.sign) <> 0
  )
  INSERT INTO league_resolved_deltas (dim, key, days, problems)
  SELECT g.dim, g.key, d.days, sum(g.sign)
  FROM g CROSS JOIN LATERAL unnest(g.resolved_days) d(days)
  GROUP BY 1, 2, 3
  HAVING sum(g.sign) <> 0
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION leagues_from_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM append_league_deltas(ARRAY(SELECT n::project_facts FROM new_rows n), '{}');
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM append_league_deltas(ARRAY(SELECT n::project_facts FROM new_rows n), ARRAY(SELECT o::project_facts FROM old_rows o));
  ELSE
    PERFORM append_league_deltas('{}', ARRAY(SELECT o::project_facts FROM old_rows o));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER project_facts_leagues_insert AFTER INSERT ON project_facts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leagues_from_facts();
--> statement-breakpoint
CREATE TRIGGER project_facts_leagues_update AFTER UPDATE ON project_facts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leagues_from_facts();
--> statement-breakpoint
CREATE TRIGGER project_facts_leagues_delete AFTER DELETE ON project_facts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION leagues_from_facts();
--> statement-breakpoint
-- A new project has facts (and counts in its township) from its first statement; a project that
-- moves township takes its figures along. (A deleted project's facts go by the cascade.)
CREATE OR REPLACE FUNCTION project_facts_from_projects() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_project_facts(ARRAY(SELECT id FROM new_rows));
  ELSE
    PERFORM refresh_project_facts(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.township_id IS DISTINCT FROM o.township_id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_facts_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_from_projects();
--> statement-breakpoint
CREATE TRIGGER projects_facts_update AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_from_projects();
--> statement-breakpoint
-- One row per group (and due date, and days): the rows this statement sees replaced by their sums, a
-- group whose sums are all zero by none. Rows appended meanwhile are not seen, so not deleted, and
-- still count. Returns the number of rows removed.
CREATE OR REPLACE FUNCTION compact_leagues() RETURNS integer
LANGUAGE sql AS $$
  WITH g1 AS (
    SELECT dim, key FROM league_deltas GROUP BY 1, 2
    HAVING count(*) > 1
        OR (sum(projects) = 0 AND sum(milestones_done) = 0 AND sum(milestones_on_time) = 0 AND sum(problems_resolved) = 0)
  ),
  f1 AS (
    DELETE FROM league_deltas d USING g1 WHERE d.dim = g1.dim AND d.key = g1.key
    RETURNING d.dim, d.key, d.projects, d.milestones_done, d.milestones_on_time, d.problems_resolved
  ),
  s1 AS (
    INSERT INTO league_deltas (dim, key, projects, milestones_done, milestones_on_time, problems_resolved)
    SELECT dim, key, sum(projects), sum(milestones_done), sum(milestones_on_time), sum(problems_resolved)
    FROM f1 GROUP BY 1, 2
    HAVING sum(projects) <> 0 OR sum(milestones_done) <> 0 OR sum(milestones_on_time) <> 0 OR sum(problems_resolved) <> 0
    RETURNING 1
  ),
  g2 AS (
    SELECT dim, key, due FROM league_due_deltas GROUP BY 1, 2, 3
    HAVING count(*) > 1 OR (sum(milestones) = 0 AND sum(items) = 0)
  ),
  f2 AS (
    DELETE FROM league_due_deltas d USING g2 WHERE d.dim = g2.dim AND d.key = g2.key AND d.due = g2.due
    RETURNING d.dim, d.key, d.due, d.milestones, d.items
  ),
  s2 AS (
    INSERT INTO league_due_deltas (dim, key, due, milestones, items)
    SELECT dim, key, due, sum(milestones), sum(items) FROM f2 GROUP BY 1, 2, 3
    HAVING sum(milestones) <> 0 OR sum(items) <> 0
    RETURNING 1
  ),
  g3 AS (
    SELECT dim, key, days FROM league_resolved_deltas GROUP BY 1, 2, 3
    HAVING count(*) > 1 OR sum(problems) = 0
  ),
  f3 AS (
    DELETE FROM league_resolved_deltas d USING g3 WHERE d.dim = g3.dim AND d.key = g3.key AND d.days = g3.days
    RETURNING d.dim, d.key, d.days, d.problems
  ),
  s3 AS (
    INSERT INTO league_resolved_deltas (dim, key, days, problems)
    SELECT dim, key, days, sum(problems) FROM f3 GROUP BY 1, 2, 3
    HAVING sum(problems) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM f1) - (SELECT count(*)::int FROM s1)
       + (SELECT count(*)::int FROM f2) - (SELECT count(*)::int FROM s2)
       + (SELECT count(*)::int FROM f3) - (SELECT count(*)::int FROM s3);
$$;
--> statement-breakpoint
-- Every project's facts again, which appends every group's figures (the facts' new columns were
-- empty, so nothing is taken out), and gives facts to projects that had none.
SELECT refresh_project_facts(ARRAY(SELECT id FROM projects));
