CREATE TABLE "experiment_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experiment_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"arm_id" text NOT NULL,
	"block" integer NOT NULL,
	"position" integer NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"module_id" text NOT NULL,
	"attended_on" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"arms" jsonb NOT NULL,
	"block_size" integer NOT NULL,
	"seed" integer NOT NULL,
	"state" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_assignments" ADD CONSTRAINT "experiment_assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_attendance" ADD CONSTRAINT "experiment_attendance_assignment_id_experiment_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."experiment_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_attendance" ADD CONSTRAINT "experiment_attendance_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_assignments_person_uq" ON "experiment_assignments" USING btree ("experiment_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_assignments_position_uq" ON "experiment_assignments" USING btree ("experiment_id","position");--> statement-breakpoint
CREATE INDEX "experiment_assignments_person_idx" ON "experiment_assignments" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_attendance_uq" ON "experiment_attendance" USING btree ("assignment_id","module_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_program_name_uq" ON "experiments" USING btree ("program_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_one_open_uq" ON "experiments" USING btree ("program_id") WHERE "experiments"."state" = 'open';