CREATE TABLE "survey_runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"program_id" uuid NOT NULL,
	"survey_id" text NOT NULL,
	"occurrence" text NOT NULL,
	"match_id" uuid,
	"key" text NOT NULL,
	CONSTRAINT "survey_runs_key_uq" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "survey_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"match_id" uuid,
	"person_id" uuid,
	"run_id" uuid,
	"survey_id" text NOT NULL,
	"occurrence" text NOT NULL,
	"scale_id" text NOT NULL,
	"instrument" text,
	"instrument_version" text,
	"definition_hash" text NOT NULL,
	"mean" double precision NOT NULL,
	"scale_min" integer NOT NULL,
	"scale_max" integer NOT NULL,
	"items_answered" integer NOT NULL,
	"items" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_runs" ADD CONSTRAINT "survey_runs_run_id_questionnaire_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."questionnaire_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_runs" ADD CONSTRAINT "survey_runs_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_runs" ADD CONSTRAINT "survey_runs_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_scores" ADD CONSTRAINT "survey_scores_definition_hash_program_definitions_hash_fk" FOREIGN KEY ("definition_hash") REFERENCES "public"."program_definitions"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_runs_match_idx" ON "survey_runs" USING btree ("match_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_scores_run_scale_uq" ON "survey_scores" USING btree ("run_id","scale_id");--> statement-breakpoint
CREATE INDEX "survey_scores_person_idx" ON "survey_scores" USING btree ("person_id","scale_id","created_at");--> statement-breakpoint
CREATE INDEX "survey_scores_match_idx" ON "survey_scores" USING btree ("match_id","survey_id","occurrence","scale_id");