import { DateTime } from 'luxon';
import { UserError } from '../../core/errors.js';
import { capability } from '../capability.js';
import { programDay } from '../matching/create-match.js';
import { requireProgram } from '../programs/require-program.js';
import { enqueue } from '../../jobs/enqueue.js';
import { filesSent } from '../exports/csv-file.js';
import { reportChartsDelivery } from './charts-delivery.js';
import { reportCharts } from './report-charts.js';
import { reportFigures } from './report-figures.js';
import { reportMessage } from './report-message.js';

/** `/mentor report [from] [to]`: the program's figures for coordinators and funders. */
export default capability({
  name: 'reports',
  order: 55,
  deliveries: () => [reportChartsDelivery],
  commands: ({ catalog }) => [
    {
      path: ['report'],
      summary: 'The program’s figures: funnel, matches, check-ins, surveys, alerts, contacts, training',
      access: 'coordinator',
      args: [
        { name: 'from', type: 'date', description: 'the first day (default: a year before the last)', optional: true },
        { name: 'to', type: 'date', description: 'the last day (default: today)', optional: true },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, catalog);
        const today = programDay(program, ctx.clock.now());
        const to = args.to ? String(args.to) : today.toISODate()!;
        const from = args.from ? String(args.from) : DateTime.fromISO(to).minus({ years: 1 }).plus({ days: 1 }).toISODate()!;
        if (from > to) throw new UserError(`The report cannot start (${from}) after it ends (${to}). Nothing was changed.`, 'bad_argument');
        const period = { from, to };
        const figures = await reportFigures(ctx.db, program, programId, period);
        ctx.reply(reportMessage(program, period, figures));
        // A reply cannot carry files on every platform: the charts follow by DM, drawn by the worker.
        const charts = reportCharts(period, figures);
        const now = ctx.clock.now();
        await enqueue(ctx.db, reportChartsDelivery, {
          key: `report-charts:${ctx.principal.personId}:${now.getTime()}:${from}:${to}`,
          workspaceId: ctx.principal.workspaceId,
          programId,
          personId: ctx.principal.personId,
          payload: { to: ctx.event.actor, text: `Charts for the ${program.name} report, ${from} to ${to}.`, charts },
          availableAt: now,
        });
        ctx.reply(filesSent(charts.length, 'chart'));
      },
    },
  ],
});
