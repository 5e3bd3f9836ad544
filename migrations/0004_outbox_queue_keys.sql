ALTER TABLE "outbox" DROP CONSTRAINT "outbox_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_program_id_programs_id_fk";
