CREATE TABLE "program_definitions" (
	"hash" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"definition_hash" text NOT NULL,
	"cursor" text,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_answers" (
	"run_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"value" jsonb NOT NULL,
	"definition_hash" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "run_answers_run_id_question_id_pk" PRIMARY KEY("run_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"state" text NOT NULL,
	"resume_state" text,
	"paused_at" timestamp with time zone,
	"paused_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "prompts" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "questionnaire_runs" ADD CONSTRAINT "questionnaire_runs_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_runs" ADD CONSTRAINT "questionnaire_runs_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_runs" ADD CONSTRAINT "questionnaire_runs_definition_hash_program_definitions_hash_fk" FOREIGN KEY ("definition_hash") REFERENCES "public"."program_definitions"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_answers" ADD CONSTRAINT "run_answers_run_id_questionnaire_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."questionnaire_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_answers" ADD CONSTRAINT "run_answers_definition_hash_program_definitions_hash_fk" FOREIGN KEY ("definition_hash") REFERENCES "public"."program_definitions"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questionnaire_runs_subject_idx" ON "questionnaire_runs" USING btree ("subject_type","subject_id","kind");--> statement-breakpoint
CREATE INDEX "questionnaire_runs_person_idx" ON "questionnaire_runs" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "questionnaire_runs_expiry_idx" ON "questionnaire_runs" USING btree ("expires_at") WHERE "questionnaire_runs"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "participations_program_person_uq" ON "participations" USING btree ("program_id","person_id");--> statement-breakpoint
CREATE INDEX "participations_program_state_idx" ON "participations" USING btree ("program_id","state");--> statement-breakpoint
CREATE INDEX "participations_person_idx" ON "participations" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "prompts" ADD CONSTRAINT "prompts_run_id_questionnaire_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."questionnaire_runs"("id") ON DELETE cascade ON UPDATE no action;