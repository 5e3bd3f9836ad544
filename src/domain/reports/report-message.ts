import { message, type Message } from '../../core/render.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { Period, ReportFigures } from './report-figures.js';

const pct = (share: number | null) => (share === null ? 'n/a' : `${Math.round(share * 100)}%`);
const of = (n: number, total: number) => `${n} of ${total}${total > 0 ? ` (${pct(n / total)})` : ''}`;
const round1 = (v: number) => (Math.round(v * 10) / 10).toString();

/** The report as coordinators and funders read it in chat: one section a question. */
export function reportMessage(program: ProgramDefinition, period: Period, f: ReportFigures): Message {
  const m = f.matches;
  const byScale = new Map<string, string[]>();
  for (const s of f.scales) byScale.set(s.scale, [...(byScale.get(s.scale) ?? []), `${s.month}: ${round1(s.mean)} (${s.n})`]);
  const sections = [
    {
      title: 'Funnel (people)',
      text: `${f.funnel.applied} applied, ${f.funnel.approved} approved, ${f.funnel.matched} matched, ${f.funnel.reachedPlannedEnd} reached their planned end.`,
    },
    {
      title: 'Matches',
      text:
        `${m.active} active; ${m.closed} closed (${m.closedPlanned} as planned, ${m.closedEarly} early)` +
        (m.reasons.length > 0 ? `: ${m.reasons.map((r) => `${r.reason} ${r.n}`).join(', ')}` : '') +
        `. Median length of those closed: ${m.medianDays === null ? 'n/a' : `${Math.round(m.medianDays)} days`}; reached the planned duration: ${pct(m.reachedShare)}.`,
    },
    { title: 'Check-ins', text: f.checkins.asked === 0 ? 'none due yet.' : `${of(f.checkins.answered, f.checkins.asked)} answered.` },
    {
      title: 'Survey scales, mean by month (answers)',
      text: byScale.size === 0 ? 'no survey answered yet.' : [...byScale].map(([scale, months]) => `${scale}: ${months.join('; ')}`).join('\n'),
    },
    {
      title: 'Alerts',
      text: `${f.alerts.opened} raised, ${f.alerts.resolved} resolved${f.alerts.medianHoursToResolve === null ? '' : `, in a median of ${round1(f.alerts.medianHoursToResolve)} hours`}.`,
    },
    { title: 'Coordinator contacts', text: f.contacts.members === 0 ? 'no matched members.' : `${of(f.contacts.onSchedule, f.contacts.members)} matched members on schedule.` },
    {
      title: 'Training',
      text: f.training.required === 0 ? 'no required modules.' : `${of(f.training.completed, f.training.people)} mentors completed the ${f.training.required} required modules.`,
    },
  ];
  return message(`${program.name}: report for ${period.from} to ${period.to}.`, { sections });
}
