CREATE TABLE "work_plan_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"lead" text NOT NULL,
	"due_on" date NOT NULL,
	"deliverable" text,
	"indicator" text,
	"status" text NOT NULL,
	"done_on" date,
	"done_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_plan_activities_done_by" CHECK (("work_plan_activities"."status" = 'done') = ("work_plan_activities"."done_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "work_plan_agreements" (
	"plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_plan_agreements_plan_id_person_id_pk" PRIMARY KEY("plan_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "work_plan_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"activity_number" integer,
	"summary" text NOT NULL,
	"reason" text,
	"before" jsonb,
	"after" jsonb,
	"plan_version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_plan_quarters" (
	"plan_id" uuid NOT NULL,
	"quarter" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"planned" integer NOT NULL,
	"done" integer NOT NULL,
	"done_community" integer NOT NULL,
	"done_together" integer NOT NULL,
	"done_expert" integer NOT NULL,
	"milestones_due" integer NOT NULL,
	"milestones_met" integer NOT NULL,
	"overdue" integer NOT NULL,
	"blocked" integer NOT NULL,
	"doing_mean" double precision,
	"indicator" double precision,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_plan_quarters_plan_id_quarter_pk" PRIMARY KEY("plan_id","quarter")
);
--> statement-breakpoint
CREATE TABLE "work_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"draft_due_on" date NOT NULL,
	"agreed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_plans_match_uq" UNIQUE("match_id")
);
--> statement-breakpoint
ALTER TABLE "work_plan_activities" ADD CONSTRAINT "work_plan_activities_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_agreements" ADD CONSTRAINT "work_plan_agreements_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_agreements" ADD CONSTRAINT "work_plan_agreements_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_changes" ADD CONSTRAINT "work_plan_changes_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_changes" ADD CONSTRAINT "work_plan_changes_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plan_quarters" ADD CONSTRAINT "work_plan_quarters_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plans" ADD CONSTRAINT "work_plans_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plans" ADD CONSTRAINT "work_plans_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_plan_activities_number_uq" ON "work_plan_activities" USING btree ("plan_id","number");--> statement-breakpoint
CREATE INDEX "work_plan_agreements_person_idx" ON "work_plan_agreements" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "work_plan_changes_plan_idx" ON "work_plan_changes" USING btree ("plan_id","at");--> statement-breakpoint
CREATE INDEX "work_plan_changes_actor_idx" ON "work_plan_changes" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "work_plans_program_idx" ON "work_plans" USING btree ("program_id");