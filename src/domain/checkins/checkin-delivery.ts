import { message } from '../../core/render.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { scheduledRunDelivery } from '../questionnaires/scheduled-run-delivery.js';
import { alertOnMissedCheckins } from './alerts.js';
import { CHECKIN, checkinReminderKey } from './checkin-questionnaire.js';

/**
 * One occurrence of a member's check-in (see scheduled-run-delivery.ts): asked in a DM, or in
 * the pair's channel with `checkins.where: channel`; an unanswered one expiring counts towards
 * the missed-streak alert.
 */
export function checkinDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine) {
  return scheduledRunDelivery(catalog, engine, {
    kind: CHECKIN,
    describe: 'A check-in for ',
    settings: (program) => program.checkins ?? null,
    intro: () => 'Time for your mentoring check-in. Your answers go to the program coordinators, not to your match.',
    where: (program, match) => (program.checkins?.where === 'channel' && match.channel ? { kind: 'channel', channel: match.channel } : { kind: 'dm' }),
    reminderKey: checkinReminderKey,
    reminder: () => message('A reminder: your mentoring check-in is still waiting for you. `/mentor checkin` asks it again.'),
    onExpired: (ctx, program, match, personId, now) => alertOnMissedCheckins(ctx.db, program, { programId: match.programId, matchId: match.id, personId, now }),
  });
}
