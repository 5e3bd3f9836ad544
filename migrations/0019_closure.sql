CREATE TABLE "closure_members" (
	"match_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"rematch_approved_by" uuid,
	"rematch_from" timestamp with time zone,
	CONSTRAINT "closure_members_match_id_person_id_pk" PRIMARY KEY("match_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "match_closures" (
	"match_id" uuid PRIMARY KEY NOT NULL,
	"program_id" uuid NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "closure_members" ADD CONSTRAINT "closure_members_match_id_match_closures_match_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."match_closures"("match_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_members" ADD CONSTRAINT "closure_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_members" ADD CONSTRAINT "closure_members_rematch_approved_by_people_id_fk" FOREIGN KEY ("rematch_approved_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_closures" ADD CONSTRAINT "match_closures_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_closures" ADD CONSTRAINT "match_closures_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_closures" ADD CONSTRAINT "match_closures_closed_by_people_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "closure_members_person_idx" ON "closure_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "match_closures_program_idx" ON "match_closures" USING btree ("program_id");