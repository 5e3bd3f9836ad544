CREATE TABLE "delivery_steps" (
	"outbox_id" bigint NOT NULL,
	"step" text NOT NULL,
	"result" jsonb,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "delivery_steps_outbox_id_step_pk" PRIMARY KEY("outbox_id","step")
);
--> statement-breakpoint
CREATE TABLE "planner_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid,
	"person_id" uuid NOT NULL,
	"program_id" uuid,
	"time_zone" text NOT NULL,
	"every" interval NOT NULL,
	"next_due_at" timestamp with time zone NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedules_every_positive" CHECK ("schedules"."every" > interval '0'),
	CONSTRAINT "schedules_time_zone_known" CHECK ((timestamptz '2000-01-01 00:00:00+00' at time zone "schedules"."time_zone") is not null)
);
--> statement-breakpoint
DROP INDEX "outbox_due_idx";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lane" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "held" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "alert" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_steps" ADD CONSTRAINT "delivery_steps_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("kind","next_due_at");--> statement-breakpoint
CREATE INDEX "schedules_person_idx" ON "schedules" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "outbox_lane_idx" ON "outbox" USING btree ("lane","id") WHERE "outbox"."status" in ('pending', 'sending') and "outbox"."lane" is not null;--> statement-breakpoint
CREATE INDEX "outbox_held_idx" ON "outbox" USING btree ("available_at","id") WHERE "outbox"."held";--> statement-breakpoint
CREATE INDEX "outbox_closed_idx" ON "outbox" USING btree ("created_at") WHERE "outbox"."status" in ('sent', 'dead');--> statement-breakpoint
CREATE INDEX "prompts_closed_idx" ON "prompts" USING btree ("answered_at") WHERE "prompts"."status" <> 'open';--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("available_at","id") WHERE "outbox"."status" in ('pending', 'sending') and not "outbox"."held";--> statement-breakpoint
-- Data: alerts were a kind of their own; they are DMs with the alert flag now. Open rows get
-- the lane their kind would give them, so what was queued before keeps its order.
UPDATE "outbox" SET "kind" = 'dm', "alert" = true WHERE "kind" = 'alert';--> statement-breakpoint
UPDATE "outbox" SET "lane" = 'dm:' || ("payload"->'to'->>'platform') || ':' || ("payload"->'to'->>'workspace') || ':' || ("payload"->'to'->>'user')
  WHERE "kind" = 'dm' AND "status" IN ('pending', 'sending');--> statement-breakpoint
UPDATE "outbox" SET "lane" = 'channel:' || ("payload"->'to'->>'platform') || ':' || ("payload"->'to'->>'workspace') || ':' || ("payload"->'to'->>'channel')
  WHERE "kind" = 'channel' AND "status" IN ('pending', 'sending');
