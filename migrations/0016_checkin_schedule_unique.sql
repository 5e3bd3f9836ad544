ALTER TABLE "matches" ADD COLUMN "checkins_planned_at" timestamp with time zone;--> statement-breakpoint
-- Two schedulers could once both make a member's check-in schedule: keep one of each.
DELETE FROM "schedules" a USING "schedules" b WHERE a."kind" = b."kind" AND a."subject_id" = b."subject_id" AND a."person_id" = b."person_id" AND a."id" > b."id";--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_kind_subject_person_uq" ON "schedules" USING btree ("kind","subject_id","person_id");--> statement-breakpoint
CREATE INDEX "matches_checkins_unplanned_idx" ON "matches" USING btree ("program_id") WHERE state = 'active' and checkins_planned_at is null;