CREATE TABLE "project_count_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stage" text NOT NULL,
	"status" text NOT NULL,
	"start_year" smallint,
	"signed_year" smallint NOT NULL,
	"projects" integer DEFAULT 0 NOT NULL,
	"total_wan" numeric DEFAULT '0' NOT NULL,
	"completed_wan" numeric DEFAULT '0' NOT NULL
);
--> statement-breakpoint
DROP INDEX "project_facts_replanned_idx";--> statement-breakpoint
CREATE INDEX "project_count_deltas_group_idx" ON "project_count_deltas" USING btree ("stage","status","start_year","signed_year");--> statement-breakpoint
CREATE INDEX "project_facts_replanned_idx" ON "project_facts" USING btree ("next_due") WHERE "project_facts"."replanned_milestones" > 0;