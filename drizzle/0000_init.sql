CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"role" text,
	"entity" text NOT NULL,
	"entity_id" text,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"client_ip" text,
	"correlation_id" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"client_ip" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"person_id" integer,
	"investor_id" integer,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_ck" CHECK ("users"."role" in ('admin','leadership','leader','owner','unit_staff','investor','auditor')),
	CONSTRAINT "users_investor_ck" CHECK (("users"."role" = 'investor') = ("users"."investor_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "investors" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"phone" text,
	"unit_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "townships" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "townships_kind_ck" CHECK ("townships"."kind" in ('township','subdistrict'))
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"kind" text NOT NULL,
	"in_service_centre" boolean DEFAULT false NOT NULL,
	"township_id" integer,
	CONSTRAINT "units_kind_ck" CHECK ("units"."kind" in ('department','township_office','working_group')),
	CONSTRAINT "units_township_office_ck" CHECK (("units"."kind" = 'township_office') = ("units"."township_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "working_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"unit_id" integer NOT NULL,
	"lead_person_id" integer NOT NULL,
	"stages" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit_id" integer NOT NULL,
	"statutory_days" integer NOT NULL,
	"stage" text NOT NULL,
	CONSTRAINT "approval_items_days_ck" CHECK ("approval_items"."statutory_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "permits" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"approval_item_id" integer NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"submitted_date" date,
	"due_date" date,
	"decided_date" date,
	"certificate_no" text,
	"missing_materials" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "permits_status_ck" CHECK ("permits"."status" in ('not_started','submitted','in_review','returned','approved','not_required')),
	CONSTRAINT "permits_submitted_ck" CHECK (("permits"."status" in ('not_started','not_required')) = ("permits"."submitted_date" is null)),
	CONSTRAINT "permits_due_ck" CHECK (("permits"."submitted_date" is null) = ("permits"."due_date" is null) and ("permits"."due_date" is null or "permits"."due_date" >= "permits"."submitted_date")),
	CONSTRAINT "permits_decided_ck" CHECK ("permits"."decided_date" is null or "permits"."decided_date" >= "permits"."submitted_date"),
	CONSTRAINT "permits_approved_ck" CHECK ("permits"."status" <> 'approved' or ("permits"."certificate_no" is not null and "permits"."decided_date" is not null)),
	CONSTRAINT "permits_returned_ck" CHECK ("permits"."status" <> 'returned' or (jsonb_typeof("permits"."missing_materials") = 'array' and jsonb_array_length("permits"."missing_materials") > 0))
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"raised_by_person_id" integer,
	"assigned_unit_id" integer NOT NULL,
	"escalation_level" text DEFAULT 'unit' NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "problems_category_ck" CHECK ("problems"."category" in ('land','permits','funding','utilities','site','labour','other')),
	CONSTRAINT "problems_status_ck" CHECK ("problems"."status" in ('open','in_progress','resolved','verified')),
	CONSTRAINT "problems_escalation_ck" CHECK ("problems"."escalation_level" in ('unit','working_group','district')),
	CONSTRAINT "problems_resolution_ck" CHECK ("problems"."status" not in ('resolved','verified') or ("problems"."resolution" is not null and "problems"."resolved_at" is not null)),
	CONSTRAINT "problems_verified_ck" CHECK (("problems"."status" = 'verified') = ("problems"."verified_at" is not null)),
	CONSTRAINT "problems_resolved_order_ck" CHECK ("problems"."resolved_at" is null or "problems"."resolved_at" >= "problems"."raised_at")
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"period" date NOT NULL,
	"investment_wan" bigint NOT NULL,
	"physical_percent" smallint NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"reporter_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "progress_period_ck" CHECK (extract(day from "progress_reports"."period") = 1),
	CONSTRAINT "progress_investment_ck" CHECK ("progress_reports"."investment_wan" >= 0),
	CONSTRAINT "progress_percent_ck" CHECK ("progress_reports"."physical_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "five_fixed_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"leader_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"owner_id" integer NOT NULL,
	"target_task" text,
	"targets" jsonb,
	"deadline" date,
	"achieved_date" date,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	"reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "five_fixed_validity_ck" CHECK ("five_fixed_assignments"."valid_to" is null or "five_fixed_assignments"."valid_to" >= "five_fixed_assignments"."valid_from"),
	CONSTRAINT "five_fixed_target_ck" CHECK (("five_fixed_assignments"."target_task" is null) = ("five_fixed_assignments"."deadline" is null))
);
--> statement-breakpoint
CREATE TABLE "milestone_replans" (
	"id" serial PRIMARY KEY NOT NULL,
	"milestone_id" integer NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"by_person_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_replans_reason_ck" CHECK (length(trim("milestone_replans"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"stage" text NOT NULL,
	"seq" smallint NOT NULL,
	"name" text NOT NULL,
	"baseline_date" date NOT NULL,
	"planned_date" date NOT NULL,
	"actual_date" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"replan_count" smallint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "milestones_stage_ck" CHECK ("milestones"."stage" in ('negotiation','permits','land','construction','hiring','operating')),
	CONSTRAINT "milestones_status_ck" CHECK (("milestones"."status" = 'done') = ("milestones"."actual_date" is not null)),
	CONSTRAINT "milestones_replan_ck" CHECK ("milestones"."replan_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"investor_id" integer NOT NULL,
	"industry" text NOT NULL,
	"category" text NOT NULL,
	"township_id" integer NOT NULL,
	"is_key" boolean DEFAULT false NOT NULL,
	"signed_date" date NOT NULL,
	"planned_start_date" date,
	"planned_completion_date" date,
	"actual_start_date" date,
	"actual_completion_date" date,
	"total_investment_wan" bigint NOT NULL,
	"completed_investment_wan" bigint DEFAULT 0 NOT NULL,
	"jobs_planned" integer DEFAULT 0 NOT NULL,
	"jobs_hired" integer DEFAULT 0 NOT NULL,
	"stage" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_stage_ck" CHECK ("projects"."stage" in ('negotiation','permits','land','construction','hiring','operating')),
	CONSTRAINT "projects_status_ck" CHECK ("projects"."status" in ('active','suspended','cancelled','operating')),
	CONSTRAINT "projects_category_ck" CHECK ("projects"."category" in ('industrial','real_estate','commerce','agriculture','infrastructure','services')),
	CONSTRAINT "projects_investment_ck" CHECK ("projects"."total_investment_wan" >= 0 and "projects"."completed_investment_wan" >= 0),
	CONSTRAINT "projects_completed_le_total_ck" CHECK ("projects"."completed_investment_wan" <= "projects"."total_investment_wan"),
	CONSTRAINT "projects_jobs_ck" CHECK ("projects"."jobs_planned" >= 0 and "projects"."jobs_hired" >= 0),
	CONSTRAINT "projects_planned_dates_ck" CHECK ("projects"."planned_completion_date" is null or "projects"."planned_start_date" is null or "projects"."planned_completion_date" >= "projects"."planned_start_date"),
	CONSTRAINT "projects_actual_dates_ck" CHECK ("projects"."actual_completion_date" is null or ("projects"."actual_start_date" is not null and "projects"."actual_completion_date" >= "projects"."actual_start_date")),
	CONSTRAINT "projects_start_after_signing_ck" CHECK ("projects"."actual_start_date" is null or "projects"."actual_start_date" >= "projects"."signed_date"),
	CONSTRAINT "projects_operating_ck" CHECK (("projects"."status" = 'operating') = ("projects"."stage" = 'operating')),
	CONSTRAINT "projects_version_ck" CHECK ("projects"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_investor_id_investors_id_fk" FOREIGN KEY ("investor_id") REFERENCES "public"."investors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_township_id_townships_id_fk" FOREIGN KEY ("township_id") REFERENCES "public"."townships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_groups" ADD CONSTRAINT "working_groups_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_groups" ADD CONSTRAINT "working_groups_lead_person_id_people_id_fk" FOREIGN KEY ("lead_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_items" ADD CONSTRAINT "approval_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_approval_item_id_approval_items_id_fk" FOREIGN KEY ("approval_item_id") REFERENCES "public"."approval_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_raised_by_person_id_people_id_fk" FOREIGN KEY ("raised_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_assigned_unit_id_units_id_fk" FOREIGN KEY ("assigned_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_reporter_id_people_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "five_fixed_assignments" ADD CONSTRAINT "five_fixed_assignments_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "five_fixed_assignments" ADD CONSTRAINT "five_fixed_assignments_leader_id_people_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "five_fixed_assignments" ADD CONSTRAINT "five_fixed_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "five_fixed_assignments" ADD CONSTRAINT "five_fixed_assignments_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_replans" ADD CONSTRAINT "milestone_replans_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_replans" ADD CONSTRAINT "milestone_replans_by_person_id_people_id_fk" FOREIGN KEY ("by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_investor_id_investors_id_fk" FOREIGN KEY ("investor_id") REFERENCES "public"."investors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_township_id_townships_id_fk" FOREIGN KEY ("township_id") REFERENCES "public"."townships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_user_idx" ON "audit_events" USING btree ("user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "investors_name_uq" ON "investors" USING btree ("name");--> statement-breakpoint
CREATE INDEX "people_unit_idx" ON "people" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "townships_name_uq" ON "townships" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "units_name_uq" ON "units" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "working_groups_name_uq" ON "working_groups" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "working_groups_unit_uq" ON "working_groups" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_items_code_uq" ON "approval_items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_items_unit_name_uq" ON "approval_items" USING btree ("unit_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "permits_project_item_uq" ON "permits" USING btree ("project_id","approval_item_id");--> statement-breakpoint
CREATE INDEX "permits_item_idx" ON "permits" USING btree ("approval_item_id");--> statement-breakpoint
CREATE INDEX "permits_pending_due_idx" ON "permits" USING btree ("due_date") WHERE "permits"."status" in ('submitted','in_review');--> statement-breakpoint
CREATE INDEX "problems_project_idx" ON "problems" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "problems_unit_idx" ON "problems" USING btree ("assigned_unit_id");--> statement-breakpoint
CREATE INDEX "problems_open_deadline_idx" ON "problems" USING btree ("deadline") WHERE "problems"."status" in ('open','in_progress');--> statement-breakpoint
CREATE UNIQUE INDEX "progress_project_period_uq" ON "progress_reports" USING btree ("project_id","period");--> statement-breakpoint
CREATE INDEX "progress_period_idx" ON "progress_reports" USING btree ("period");--> statement-breakpoint
CREATE UNIQUE INDEX "five_fixed_current_uq" ON "five_fixed_assignments" USING btree ("project_id") WHERE "five_fixed_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "five_fixed_leader_idx" ON "five_fixed_assignments" USING btree ("leader_id") WHERE "five_fixed_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "five_fixed_owner_idx" ON "five_fixed_assignments" USING btree ("owner_id") WHERE "five_fixed_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "five_fixed_unit_idx" ON "five_fixed_assignments" USING btree ("unit_id") WHERE "five_fixed_assignments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "five_fixed_deadline_idx" ON "five_fixed_assignments" USING btree ("deadline") WHERE "five_fixed_assignments"."valid_to" is null and "five_fixed_assignments"."achieved_date" is null;--> statement-breakpoint
CREATE INDEX "milestone_replans_milestone_idx" ON "milestone_replans" USING btree ("milestone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "milestones_project_seq_uq" ON "milestones" USING btree ("project_id","seq");--> statement-breakpoint
CREATE INDEX "milestones_due_idx" ON "milestones" USING btree ("planned_date") WHERE "milestones"."actual_date" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_code_uq" ON "projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "projects_stage_idx" ON "projects" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "projects" USING btree ("status");--> statement-breakpoint
CREATE INDEX "projects_township_idx" ON "projects" USING btree ("township_id");--> statement-breakpoint
CREATE INDEX "projects_investor_idx" ON "projects" USING btree ("investor_id");--> statement-breakpoint
CREATE INDEX "projects_key_idx" ON "projects" USING btree ("is_key");--> statement-breakpoint
CREATE INDEX "projects_signed_idx" ON "projects" USING btree ("signed_date");