ALTER TABLE "applications" ADD COLUMN "rejected_role" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "rejected_at" timestamp with time zone;