-- A project's RAG facts (the table of 0009) are kept by the database: every statement that inserts,
-- updates or deletes five-fixed assignments, milestones, permits or problems recomputes the facts of
-- the projects it touched, in the same transaction, from those projects' rows alone (each an indexed
-- lookup by project). Every writer is covered — the API, the ledger import, the seed, the CLIs — and
-- no write can forget. Statement-level with transition tables, so a batch insert of a thousand rows
-- recomputes each of its projects once. The lists of statuses are the domain's
-- PENDING_PERMIT_STATUSES and OPEN_PROBLEM_STATUSES; `project-facts.test.ts` compares every colour
-- with the from-scratch rule, so a change there that is not made here fails.

CREATE OR REPLACE FUNCTION refresh_project_facts(ids integer[]) RETURNS void
LANGUAGE sql AS $$
  -- Set-based: for one project the planner reads each table by its project index, for a hundred
  -- thousand (the province generator) it hashes them once.
  WITH touched AS (SELECT DISTINCT unnest(ids) AS id),
  f AS (
    SELECT project_id, min(deadline) AS due FROM five_fixed_assignments
    WHERE project_id IN (SELECT id FROM touched) AND valid_to IS NULL AND achieved_date IS NULL
    GROUP BY project_id
  ),
  m AS (
    SELECT project_id, min(planned_date) AS due, count(*) FILTER (WHERE replan_count > 1)::int AS replanned
    FROM milestones WHERE project_id IN (SELECT id FROM touched) AND actual_date IS NULL
    GROUP BY project_id
  ),
  pe AS (
    SELECT project_id, min(due_date) AS due FROM permits
    WHERE project_id IN (SELECT id FROM touched) AND status IN ('submitted', 'in_review')
    GROUP BY project_id
  ),
  pr AS (
    SELECT project_id, min(deadline) AS due FROM problems
    WHERE project_id IN (SELECT id FROM touched) AND status IN ('open', 'in_progress')
    GROUP BY project_id
  )
  INSERT INTO project_facts AS pf (project_id, five_fixed_due, milestone_due, permit_due, problem_due, replanned_milestones)
  SELECT p.id, f.due, m.due, pe.due, pr.due, coalesce(m.replanned, 0)
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
    replanned_milestones = excluded.replanned_milestones
  WHERE (pf.five_fixed_due, pf.milestone_due, pf.permit_due, pf.problem_due, pf.replanned_milestones)
    IS DISTINCT FROM (excluded.five_fixed_due, excluded.milestone_due, excluded.permit_due, excluded.problem_due, excluded.replanned_milestones)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION project_facts_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_project_facts(ARRAY(SELECT DISTINCT project_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION project_facts_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_project_facts(ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION project_facts_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_project_facts(ARRAY(SELECT DISTINCT project_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER five_fixed_facts_insert AFTER INSERT ON five_fixed_assignments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_insert();
--> statement-breakpoint
CREATE TRIGGER five_fixed_facts_update AFTER UPDATE ON five_fixed_assignments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_update();
--> statement-breakpoint
CREATE TRIGGER five_fixed_facts_delete AFTER DELETE ON five_fixed_assignments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_delete();
--> statement-breakpoint
CREATE TRIGGER milestones_facts_insert AFTER INSERT ON milestones
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_insert();
--> statement-breakpoint
CREATE TRIGGER milestones_facts_update AFTER UPDATE ON milestones
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_update();
--> statement-breakpoint
CREATE TRIGGER milestones_facts_delete AFTER DELETE ON milestones
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_delete();
--> statement-breakpoint
CREATE TRIGGER permits_facts_insert AFTER INSERT ON permits
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_insert();
--> statement-breakpoint
CREATE TRIGGER permits_facts_update AFTER UPDATE ON permits
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_update();
--> statement-breakpoint
CREATE TRIGGER permits_facts_delete AFTER DELETE ON permits
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_delete();
--> statement-breakpoint
CREATE TRIGGER problems_facts_insert AFTER INSERT ON problems
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_insert();
--> statement-breakpoint
CREATE TRIGGER problems_facts_update AFTER UPDATE ON problems
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_update();
--> statement-breakpoint
CREATE TRIGGER problems_facts_delete AFTER DELETE ON problems
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_facts_after_delete();
--> statement-breakpoint
-- Projects that exist already (a database migrated with its district in it).
SELECT refresh_project_facts(ARRAY(SELECT id FROM projects));
