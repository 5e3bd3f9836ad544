CREATE TABLE "match_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"match_id" uuid NOT NULL,
	"recorded_by" uuid,
	"met_on" date NOT NULL,
	"minutes" integer,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "match_meetings" ADD CONSTRAINT "match_meetings_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_meetings" ADD CONSTRAINT "match_meetings_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "match_meetings_match_idx" ON "match_meetings" USING btree ("match_id","met_on");--> statement-breakpoint
CREATE INDEX "match_meetings_recorded_by_idx" ON "match_meetings" USING btree ("recorded_by");