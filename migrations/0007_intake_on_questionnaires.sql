-- Data: what intake kept on applications moves to the questionnaire engine and participations.
INSERT INTO "program_definitions" ("hash", "slug", "definition", "created_at")
  SELECT DISTINCT ON ("definition_hash") "definition_hash", "slug", "definition", now() FROM "programs"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Each application's intake becomes a run in the definition its program has now: done once
-- submitted; open while still being answered, resuming after its last answer (no cursor).
INSERT INTO "questionnaire_runs" ("kind", "subject_type", "subject_id", "person_id", "program_id", "definition_hash", "cursor", "status", "created_at", "updated_at")
  SELECT 'intake', 'application', a."id", a."person_id", a."program_id", p."definition_hash", NULL,
    CASE WHEN a."state" = 'intake' THEN 'open' ELSE 'done' END, a."created_at", a."updated_at"
  FROM "applications" a JOIN "programs" p ON p."id" = a."program_id";--> statement-breakpoint
INSERT INTO "run_answers" ("run_id", "question_id", "value", "definition_hash", "answered_at")
  SELECT r."id", i."question_id", i."value", r."definition_hash", i."answered_at"
  FROM "intake_answers" i JOIN "questionnaire_runs" r ON r."subject_id" = i."application_id" AND r."kind" = 'intake';--> statement-breakpoint
INSERT INTO "run_answers" ("run_id", "question_id", "value", "definition_hash", "answered_at")
  SELECT r."id", '_role', to_jsonb(a."role"), r."definition_hash", a."updated_at"
  FROM "applications" a JOIN "questionnaire_runs" r ON r."subject_id" = a."id" AND r."kind" = 'intake'
  WHERE a."role" IS NOT NULL;--> statement-breakpoint
INSERT INTO "run_answers" ("run_id", "question_id", "value", "definition_hash", "answered_at")
  SELECT r."id", '_consent', '"agree"'::jsonb, r."definition_hash", coalesce(a."consented_at", a."updated_at")
  FROM "applications" a JOIN "questionnaire_runs" r ON r."subject_id" = a."id" AND r."kind" = 'intake'
  WHERE a."consent_version" IS NOT NULL;--> statement-breakpoint
INSERT INTO "participations" ("program_id", "person_id", "role", "state", "resume_state", "paused_at", "paused_until", "created_at", "updated_at")
  SELECT "program_id", "person_id", "role",
    CASE WHEN "state" = 'withdrawn' THEN 'left' WHEN "paused_at" IS NOT NULL THEN 'paused' WHEN "state" = 'approved' THEN 'approved' ELSE 'applied' END,
    CASE WHEN "paused_at" IS NOT NULL AND "state" <> 'withdrawn' THEN CASE WHEN "state" = 'approved' THEN 'approved' ELSE 'applied' END END,
    CASE WHEN "state" <> 'withdrawn' THEN "paused_at" END, CASE WHEN "state" <> 'withdrawn' THEN "paused_until" END,
    coalesce("submitted_at", "created_at"), "updated_at"
  FROM "applications"
  WHERE "role" IS NOT NULL AND "state" IN ('submitted', 'screening', 'waitlisted', 'approved', 'withdrawn');--> statement-breakpoint
-- Questions asked by the old flows cannot be answered any more: intake resumes at the next message.
UPDATE "prompts" SET "status" = 'cancelled', "answered_at" = now()
  WHERE "status" = 'open' AND "flow" IN ('intake', 'consent', 'profile');--> statement-breakpoint
DROP TABLE "intake_answers" CASCADE;--> statement-breakpoint
ALTER TABLE "applications" DROP COLUMN "step";--> statement-breakpoint
ALTER TABLE "applications" DROP COLUMN "paused_at";--> statement-breakpoint
ALTER TABLE "applications" DROP COLUMN "paused_until";