-- Two schedulers could once both create a member's check-in schedule; keep one of each.
DELETE FROM "schedules" a USING "schedules" b WHERE a."kind" = b."kind" AND a."subject_id" = b."subject_id" AND a."person_id" = b."person_id" AND a."id" > b."id";--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_kind_subject_person_uq" ON "schedules" USING btree ("kind","subject_id","person_id");
