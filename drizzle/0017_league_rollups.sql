CREATE TABLE "league_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dim" text NOT NULL,
	"key" integer NOT NULL,
	"projects" integer DEFAULT 0 NOT NULL,
	"milestones_done" integer DEFAULT 0 NOT NULL,
	"milestones_on_time" integer DEFAULT 0 NOT NULL,
	"problems_resolved" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "league_due_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dim" text NOT NULL,
	"key" integer NOT NULL,
	"due" date NOT NULL,
	"milestones" integer DEFAULT 0 NOT NULL,
	"items" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "league_resolved_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dim" text NOT NULL,
	"key" integer NOT NULL,
	"days" integer NOT NULL,
	"problems" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "township_id" integer;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "leader_id" integer;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "milestones_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "milestones_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "problems_resolved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "open_milestone_dues" date[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "open_other_dues" date[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_facts" ADD COLUMN "resolved_days" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "league_deltas_group_idx" ON "league_deltas" USING btree ("dim","key");--> statement-breakpoint
CREATE INDEX "league_due_deltas_due_idx" ON "league_due_deltas" USING btree ("due");--> statement-breakpoint
CREATE INDEX "league_resolved_deltas_group_idx" ON "league_resolved_deltas" USING btree ("dim","key","days");--> statement-breakpoint
CREATE INDEX "five_fixed_project_idx" ON "five_fixed_assignments" USING btree ("project_id","valid_from");