import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, mention, rich } from '../../core/render.js';
import { eq } from 'drizzle-orm';
import { queryRows, sql } from '../../db/client.js';
import { experimentAttendance, experiments } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { checkBlockSize, describeArm, parseArms } from './arms.js';
import { armCounts, currentExperiment, requireExperiment } from './experiment-store.js';
import { assignApprovedMentors } from './randomise.js';

const SEED_MAX = 2 ** 31 - 1;

/**
 * `/mentor training experiment-create|show|attend`, typed also as `training experiment create`
 * (aliases): under `training`, since `/mentor` has Discord's 25 top-level subcommands, and one
 * word after it, since Discord nests no deeper than a group and its subcommands.
 */
export function experimentCommands(catalog: ProgramCatalog): CommandDef[] {
  return [
    {
      path: ['training', 'experiment-create'],
      aliases: [['training', 'experiment', 'create']],
      summary: 'Start a training comparison: mentors approved from now on are randomised to its arms',
      access: 'coordinator',
      args: [
        { name: 'name', type: 'word', description: 'a short name for the experiment' },
        { name: 'arms', type: 'word', description: 'arms, comma-separated: control,booster:4h or standard,extra:coaching+boundaries' },
        { name: 'block', type: 'number', keyword: 'block', optional: true, description: 'block size, a multiple of the number of arms (default: twice it)' },
        { name: 'seed', type: 'number', keyword: 'seed', optional: true, description: 'random seed, to reproduce the assignments (default: from the clock)' },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, catalog);
        const now = ctx.clock.now();
        const open = await currentExperiment(ctx.db, programId);
        if (open?.state === 'open') throw new UserError(`The experiment “${open.name}” is still open: one at a time, so each mentor is in one comparison.`, 'experiment_open');
        const name = String(args.name).toLowerCase();
        const arms = parseArms(String(args.arms), new Set(program.training.modules.map((m) => m.id)));
        const blockSize = checkBlockSize(args.block as number | undefined, arms.length);
        const seed = args.seed === undefined ? now.getTime() % SEED_MAX : Number(args.seed);
        if (!Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) throw new UserError(`The seed must be a whole number from 0 to ${SEED_MAX}.`, 'bad_argument');
        const [taken] = await queryRows(ctx.db, sql`select 1 from experiments where program_id = ${programId}::uuid and name = ${name}`);
        if (taken) throw new UserError(`An experiment named “${name}” already exists in this program.`, 'bad_argument');
        const [row] = await ctx.db.insert(experiments).values({ programId, name, arms, blockSize, seed, state: 'open', createdBy: ctx.principal.personId, createdAt: now }).returning();
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, action: 'experiment.create', details: { experiment: row!.id, name, arms, blockSize, seed }, at: now });
        const titles = new Map(program.training.modules.map((m) => [m.id, m.title]));
        ctx.reply(
          `Experiment “${name}” created with ${arms.length} arms: ${arms.map((a) => describeArm(a, titles)).join(', ')}. ` +
            `Mentors approved from now on are randomised in blocks of ${blockSize} (seed ${seed}); \`/mentor training experiment show\` lists them, \`… report\` compares the arms.`,
        );
      },
    },
    {
      path: ['training', 'experiment-show'],
      aliases: [['training', 'experiment', 'show']],
      summary: 'The training experiment: its arms, who is in each, attendance',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { program, programId } = requireProgram(ctx, catalog);
        const experiment = await requireExperiment(ctx.db, programId);
        const counts = await armCounts(ctx.db, experiment.id);
        const titles = new Map(program.training.modules.map((m) => [m.id, m.title]));
        // The coordinator delivers each arm's training, so they see who is in which arm.
        const members = await queryRows<{ arm_id: string; user: string }>(
          ctx.db,
          sql`select a.arm_id, p.platform_user_id as user from experiment_assignments a join people p on p.id = a.person_id
              where a.experiment_id = ${experiment.id}::uuid order by a.position`,
        );
        const lines = experiment.arms.map((arm) => {
          const c = counts.get(arm.id);
          const who = members.filter((m) => m.arm_id === arm.id).map((m) => rich`${mention(m.user)}`);
          const head = `${describeArm(arm, titles)}: ${c?.assigned ?? 0} mentors, ${c?.matched ?? 0} matched, ${c?.attended ?? 0} sessions attended`;
          return who.length ? joinRich([head, ': ', joinRich(who, ', ')], '') : head;
        });
        const title = `Experiment “${experiment.name}” (${experiment.state}; blocks of ${experiment.blockSize}, seed ${experiment.seed}, since ${experiment.createdAt.toISOString().slice(0, 10)}):`;
        ctx.reply(joinRich([title, ...lines], '\n'));
      },
    },
    {
      path: ['training', 'experiment-close'],
      aliases: [['training', 'experiment', 'close']],
      summary: 'Stop randomising new mentors into the experiment; its report stays',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { programId } = requireProgram(ctx, catalog);
        const experiment = await requireExperiment(ctx.db, programId);
        if (experiment.state === 'closed') throw new UserError(`The experiment “${experiment.name}” is already closed.`, 'wrong_state');
        const now = ctx.clock.now();
        // Mentors approved up to now are still randomised: closing must not drop an approval not yet assigned.
        await assignApprovedMentors(ctx.db, { programId, now });
        await ctx.db.update(experiments).set({ state: 'closed' }).where(eq(experiments.id, experiment.id));
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, action: 'experiment.close', details: { experiment: experiment.id }, at: now });
        ctx.reply(`Experiment “${experiment.name}” is closed: mentors approved from now on are not randomised. \`/mentor training experiment report\` still compares its arms.`);
      },
    },
    {
      path: ['training', 'experiment-attend'],
      aliases: [['training', 'experiment', 'attend']],
      summary: 'Record that a mentor in the experiment attended a session of their arm’s training',
      access: 'coordinator',
      args: [
        { name: 'person', type: 'user', description: 'the mentor' },
        { name: 'module', type: 'word', description: 'training module id (or, for an arm given in hours, a session name)' },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, catalog);
        const experiment = await requireExperiment(ctx.db, programId);
        const now = ctx.clock.now();
        // An approval whose assignment is still to come (an import, say) is assigned first.
        await assignApprovedMentors(ctx.db, { programId, now });
        const user = String(args.person);
        const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
        const [assignment] = personId
          ? await queryRows<{ id: string; arm_id: string }>(ctx.db, sql`select id, arm_id from experiment_assignments where experiment_id = ${experiment.id}::uuid and person_id = ${personId}::uuid`)
          : [];
        if (!personId || !assignment) throw new UserError(rich`${mention(user)} is not in the experiment “${experiment.name}”. Nothing was changed.`, 'not_in_experiment');
        const arm = experiment.arms.find((a) => a.id === assignment.arm_id)!;
        const moduleId = String(args.module).toLowerCase();
        const known = program.training.modules.some((m) => m.id === moduleId) || arm.modules.includes(moduleId) || arm.hours !== null;
        if (!known) throw new UserError(`“${moduleId}” is not a training module of this program. Nothing was changed.`, 'bad_argument');
        const inserted = await ctx.db.insert(experimentAttendance).values({ assignmentId: assignment.id, moduleId, attendedOn: now, recordedBy: ctx.principal.personId }).onConflictDoNothing().returning();
        if (inserted.length === 0) {
          ctx.reply(rich`${mention(user)}’s attendance at “${moduleId}” was already recorded; nothing changed.`);
          return;
        }
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: personId, action: 'experiment.attend', details: { experiment: experiment.id, module: moduleId }, at: now });
        const offArm = arm.modules.length > 0 && !arm.modules.includes(moduleId) ? ` Note: “${moduleId}” is not part of their arm (“${arm.label}”).` : '';
        ctx.reply(rich`Recorded ${mention(user)}’s attendance at “${moduleId}” (arm “${arm.label}”).${offArm}`);
      },
    },
  ];
}
