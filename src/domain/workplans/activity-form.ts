import { DateTime } from 'luxon';
import { UserError } from '../../core/errors.js';
import type { Form } from '../../core/render.js';
import { checkDate } from '../../core/values.js';
import { PLAN_PARTIES } from '../../db/schema/index.js';
import type { Activity, ActivityFields, Party } from './plan-store.js';

export const ACTIVITY_FORM = 'workplan-activity';
const MAX_TITLE = 150;
const MAX_TEXT = 500;

/** `workplan-activity:<plan id>:<activity number, or "new">:<lead>`: short enough for a Discord modal id. */
export function activityFormId(planId: string, number: number | 'new', lead: Party): string {
  return `${ACTIVITY_FORM}:${planId}:${number}:${lead}`;
}

export function parseActivityFormId(id: string): { planId: string; number: number | 'new'; lead: Party } | null {
  const [, planId, n, lead] = id.split(':');
  if (!planId || !n || !PLAN_PARTIES.includes(lead as Party)) return null;
  if (n !== 'new' && !/^\d+$/.test(n)) return null;
  return { planId, number: n === 'new' ? 'new' : Number(n), lead: lead as Party };
}

/**
 * The activity form: five fields, so it fits one Discord modal (who leads is the command's
 * argument). The reason is asked with it, since every change keeps its why.
 */
export function activityForm(input: { planId: string; lead: Party; activity?: Activity; reason?: string; reasonRequired: boolean }): Form {
  const a = input.activity;
  return {
    id: activityFormId(input.planId, a?.number ?? 'new', input.lead),
    title: a ? `Change activity ${a.number}` : 'Add an activity',
    submitLabel: a ? 'Save' : 'Add',
    fields: [
      { id: 'title', label: 'Activity', maxLength: MAX_TITLE, initial: a?.title, placeholder: 'e.g. Draft a logic model for the drop-in programme' },
      { id: 'due', label: 'Due date (YYYY-MM-DD, or “in 6 weeks”)', maxLength: 20, initial: a?.dueOn, placeholder: '2027-03-31' },
      { id: 'deliverable', label: 'Deliverable (leave empty for a milestone)', optional: true, maxLength: MAX_TEXT, initial: a?.deliverable ?? undefined },
      { id: 'indicator', label: 'Indicator: how you will know it worked', optional: true, long: true, maxLength: MAX_TEXT, initial: a?.indicator ?? undefined },
      {
        id: 'reason',
        label: input.reasonRequired ? 'Why this change? (kept in the plan history)' : 'Why? (optional, kept in the plan history)',
        optional: !input.reasonRequired,
        long: true,
        maxLength: MAX_TEXT,
        initial: input.reason,
      },
    ],
  };
}

const clean = (v: string | undefined) => (v ?? '').trim();

const IN = /^in\s+(\d{1,3})\s+(day|week|month)s?$/i;

/** YYYY-MM-DD, or "in 6 weeks" (days, weeks, months) from today, as people plan. */
function dueDate(text: string, today: string): { ok: true; date: string } | { ok: false; why: string } {
  const rel = IN.exec(text);
  if (!rel) {
    const checked = checkDate(text);
    if (checked.ok || /^\d{4}-\d{2}-\d{2}$/.test(text)) return checked;
    return { ok: false, why: `${checked.why.replace(/\.$/, '')}, or say “in 6 weeks”.` };
  }
  const unit = `${rel[2]!.toLowerCase()}s` as 'days' | 'weeks' | 'months';
  return { ok: true, date: DateTime.fromISO(today, { zone: 'UTC' }).plus({ [unit]: Number(rel[1]) }).toISODate()! };
}

/** The submitted fields as an activity, or a refusal naming the field. `earliest`: the partnership's start. */
export function readActivityForm(
  values: Record<string, string>,
  lead: Party,
  dates: { earliest: string; today: string },
  reasonRequired: boolean,
): { fields: ActivityFields; reason: string | null } {
  const { earliest, today } = dates;
  const title = clean(values.title);
  if (!title) throw new UserError('The activity needs a title. Nothing was changed.', 'bad_argument', 'title');
  if (title.length > MAX_TITLE) throw new UserError(`Please keep the title under ${MAX_TITLE} characters (yours has ${title.length}). Nothing was changed.`, 'bad_argument', 'title');
  const due = dueDate(clean(values.due), today);
  if (!due.ok) throw new UserError(`The due date: ${due.why} Nothing was changed.`, 'bad_argument', 'due');
  if (DateTime.fromISO(due.date) < DateTime.fromISO(earliest)) {
    throw new UserError(`The due date ${due.date} is before the partnership started (${earliest}). Nothing was changed.`, 'bad_argument', 'due');
  }
  const deliverable = clean(values.deliverable) || null;
  const indicator = clean(values.indicator) || null;
  const reason = clean(values.reason) || null;
  for (const [name, v] of [['deliverable', deliverable], ['indicator', indicator], ['reason', reason]] as const) {
    if (v && v.length > MAX_TEXT) throw new UserError(`Please keep the ${name} under ${MAX_TEXT} characters (yours has ${v.length}). Nothing was changed.`, 'bad_argument', name);
  }
  if (reasonRequired && !reason) throw new UserError('Say why this change is needed: the plan is agreed, so every change keeps its reason. Nothing was changed.', 'missing_reason', 'reason');
  return { fields: { title, lead, dueOn: due.date, deliverable, indicator }, reason };
}
