CREATE TABLE "investment_month_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"month" date NOT NULL,
	"completed_wan" numeric DEFAULT '0' NOT NULL,
	"planned_wan" numeric DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "investment_month_deltas_month_idx" ON "investment_month_deltas" USING btree ("month");