CREATE TABLE "project_facts" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"five_fixed_due" date,
	"milestone_due" date,
	"permit_due" date,
	"problem_due" date,
	"replanned_milestones" integer DEFAULT 0 NOT NULL,
	"next_due" date GENERATED ALWAYS AS (least("project_facts"."five_fixed_due", "project_facts"."milestone_due", "project_facts"."permit_due", "project_facts"."problem_due")) STORED
);
--> statement-breakpoint
ALTER TABLE "project_facts" ADD CONSTRAINT "project_facts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_facts_next_due_idx" ON "project_facts" USING btree ("next_due");--> statement-breakpoint
CREATE INDEX "project_facts_replanned_idx" ON "project_facts" USING btree ("project_id") WHERE "project_facts"."replanned_milestones" > 0;