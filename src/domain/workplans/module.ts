import { queryRows, sql } from '../../db/client.js';
import { recurringPlanner } from '../../jobs/recurring.js';
import { capability } from '../capability.js';
import { sendFiles } from '../exports/csv-file.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { planCommands, planFlows } from './plan-commands.js';
import { requirePlansProgram } from './plan-context.js';
import { exportPlans } from './plan-export.js';
import { plansMessage } from './plans-overview.js';
import { coordinatorPlansSection, memberPlanSection } from './home-sections.js';
import { workplanPlanner } from './quarter-planner.js';
import { reviewListener } from './review-listener.js';
import { updateDelivery } from './update-delivery.js';
import { updateQuestionnaire } from './update-questionnaire.js';

/**
 * Inter-organisational work plans: each partnership's plan drafted and agreed in its channel,
 * changed with reasons, updated by both representatives on the program's cadence, reviewed
 * each quarter (the program's quarterly survey), with a capacity-building indicator.
 */
export default capability({
  name: 'workplans',
  order: 37,
  commands: ({ catalog }) => [
    ...planCommands(catalog),
    {
      path: ['plan', 'list'],
      aliases: [['plans']],
      summary: 'Every partnership’s work plan: progress, overdue items, last update, capacity building',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { program, programId } = requirePlansProgram(ctx, catalog);
        ctx.reply(await plansMessage(ctx.db, program, programId, ctx.clock.now()));
      },
    },
    {
      path: ['export', 'plans'],
      aliases: [['plan', 'export'], ['plans', 'export']],
      summary: 'The work plans, their changes, updates and quarters as CSV files (by direct message)',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { program, programId } = requirePlansProgram(ctx, catalog);
        const files = await exportPlans(ctx.db, program, programId, ctx.clock.now());
        await sendFiles(ctx, {
          programId,
          what: `The work plans of ${program.name}: activities, changes, updates and quarters, one CSV file each. People appear as their side (community, expert), not by name.`,
          files,
        });
      },
    },
  ],
  flows: ({ catalog }) => planFlows(catalog),
  questionnaires: () => [updateQuestionnaire],
  completionListeners: () => [reviewListener],
  planners: () => [workplanPlanner(), recurringPlanner({ name: 'workplan-updates', kind: WORKPLAN_UPDATE })],
  deliveries: (deps) => [updateDelivery(deps.catalog, deps.questionnaires)],
  homeSections: () => [coordinatorPlansSection, memberPlanSection],
  personalData: [
    {
      title: 'work plan changes',
      why: 'changes a representative made to their partnership’s work plan; the plan belongs to both organisations, so the row stays against the pseudonymised person, and the reason they typed is cleared',
      columns: [{ table: 'work_plan_changes', column: 'actor_id', erase: 'keep' }],
      export: (db, personId) =>
        queryRows(db, sql`select c.at, c.action, c.summary, c.reason from work_plan_changes c where c.actor_id = ${personId}::uuid order by c.at`),
      async erase(db, personId) {
        await db.execute(sql`update work_plan_changes set reason = null where actor_id = ${personId}::uuid`);
      },
    },
    {
      title: 'work plan agreements',
      why: 'which version of their partnership’s work plan a representative agreed to, and when; kept against the pseudonymised person so the plan’s record stays whole',
      columns: [{ table: 'work_plan_agreements', column: 'person_id', erase: 'keep' }],
      export: (db, personId) => queryRows(db, sql`select version, agreed_at from work_plan_agreements where person_id = ${personId}::uuid order by agreed_at`),
    },
  ],
});
