DROP INDEX "prompts_person_open_idx";--> statement-breakpoint
ALTER TABLE "prompts" ADD COLUMN "conversation" text DEFAULT 'dm' NOT NULL;--> statement-breakpoint
ALTER TABLE "prompts" ADD COLUMN "topic" text;--> statement-breakpoint
CREATE INDEX "prompts_person_open_idx" ON "prompts" USING btree ("person_id","conversation") WHERE "prompts"."status" = 'open';--> statement-breakpoint
UPDATE "prompts" SET "message_ref" = jsonb_build_object('channel', "message_ref"->>'channel', 'id', "message_ref"->>'ts') WHERE "message_ref" ? 'ts';
