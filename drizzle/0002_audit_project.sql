ALTER TABLE "audit_events" ADD COLUMN "project_id" integer;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_project_idx" ON "audit_events" USING btree ("project_id","id");--> statement-breakpoint
-- Existing events learn their project; the append-only trigger is paused for this one statement set.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_or_delete";--> statement-breakpoint
UPDATE "audit_events" a SET "project_id" = CASE a."entity"
    WHEN 'project' THEN (SELECT p."id" FROM "projects" p WHERE p."id"::text = a."entity_id")
    WHEN 'fiveFixed' THEN (SELECT p."id" FROM "projects" p WHERE p."id"::text = a."entity_id")
    WHEN 'milestone' THEN (SELECT m."project_id" FROM "milestones" m WHERE m."id"::text = a."entity_id")
    WHEN 'permit' THEN (SELECT x."project_id" FROM "permits" x WHERE x."id"::text = a."entity_id")
    WHEN 'problem' THEN (SELECT x."project_id" FROM "problems" x WHERE x."id"::text = a."entity_id")
    WHEN 'progressReport' THEN (SELECT x."project_id" FROM "progress_reports" x WHERE x."id"::text = a."entity_id")
  END
  WHERE a."entity" IN ('project', 'fiveFixed', 'milestone', 'permit', 'problem', 'progressReport');--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_or_delete";
