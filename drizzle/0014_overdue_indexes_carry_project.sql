DROP INDEX "permits_pending_due_idx";--> statement-breakpoint
DROP INDEX "problems_open_deadline_idx";--> statement-breakpoint
DROP INDEX "five_fixed_deadline_idx";--> statement-breakpoint
DROP INDEX "milestones_due_idx";--> statement-breakpoint
CREATE INDEX "permits_pending_due_idx" ON "permits" USING btree ("due_date","id","project_id") WHERE "permits"."status" in ('submitted','in_review');--> statement-breakpoint
CREATE INDEX "problems_open_deadline_idx" ON "problems" USING btree ("deadline","id","project_id") WHERE "problems"."status" in ('open','in_progress');--> statement-breakpoint
CREATE INDEX "five_fixed_deadline_idx" ON "five_fixed_assignments" USING btree ("deadline","id","project_id") WHERE "five_fixed_assignments"."valid_to" is null and "five_fixed_assignments"."achieved_date" is null;--> statement-breakpoint
CREATE INDEX "milestones_due_idx" ON "milestones" USING btree ("planned_date","id","project_id") WHERE "milestones"."actual_date" is null;