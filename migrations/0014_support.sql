CREATE TABLE "support_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"match_id" uuid,
	"person_id" uuid,
	"coordinator_id" uuid,
	"contacted_on" date NOT NULL,
	"how" text NOT NULL,
	"minutes" integer,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "platform_time_zone" text;--> statement-breakpoint
ALTER TABLE "matches" ADD COLUMN "coordinator_id" uuid;--> statement-breakpoint
ALTER TABLE "match_alerts" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_contacts" ADD CONSTRAINT "support_contacts_coordinator_id_people_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_contacts_person_idx" ON "support_contacts" USING btree ("person_id","contacted_on");--> statement-breakpoint
CREATE INDEX "support_contacts_match_idx" ON "support_contacts" USING btree ("match_id");--> statement-breakpoint
CREATE INDEX "support_contacts_coordinator_idx" ON "support_contacts" USING btree ("coordinator_id");--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_coordinator_id_people_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;