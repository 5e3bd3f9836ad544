import { mention, message, rich, type Message, type Section } from '../../core/render.js';
import { pairSentence } from './explain.js';
import type { PairPart } from './solve-round.js';
import type { Proposal, Round } from './rounds.js';

/** Five pairs a page: a Discord message holds at most five rows of buttons. */
export const PAGE_SIZE = 5;
export const ROUND_FLOW = 'match-round';
export const REJECT_FORM = 'match-reject';

export function describeParts(parts: readonly PairPart[]): string {
  const shown = parts.filter((p) => p.contribution !== 0);
  return shown.length > 0 ? pairSentence({ parts: shown }) : 'nothing in common on the program’s criteria';
}

export function pairSection(p: Proposal): Section {
  const state = p.status === 'approved' ? ' (approved)' : '';
  return {
    title: `Pair ${p.number}${state}, score ${p.score.toFixed(1)}`,
    text: rich`${mention(p.mentorUser)} (mentor) with ${mention(p.menteeUser)} (mentee): ${describeParts(p.parts as PairPart[])}`,
    ...(p.status === 'proposed'
      ? {
          actions: {
            id: `${ROUND_FLOW}:${p.id}`,
            choices: [
              { value: 'approve', label: 'Approve', style: 'primary' as const },
              { value: 'reject', label: 'Reject', style: 'danger' as const },
            ],
          },
        }
      : {}),
  };
}

/** A page of a round for its coordinator: the pairs (with buttons where the platform has them), then who is left and why. */
export function roundMessage(round: Round, proposals: Proposal[], unmatched: { user: string; role: string; reason: string }[], page: number): Message {
  const shown = proposals.filter((p) => p.status === 'proposed' || p.status === 'approved');
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const at = Math.min(Math.max(1, page), pages);
  const open = shown.filter((p) => p.status === 'proposed').length;
  const sections: Section[] = shown.slice((at - 1) * PAGE_SIZE, at * PAGE_SIZE).map(pairSection);
  if (at === pages && unmatched.length > 0) {
    sections.push({
      title: 'Not matched in this round',
      text: unmatched.flatMap((u, i) => [...(i > 0 ? ['\n'] : []), ...rich`${mention(u.user)} (${u.role}): ${u.reason}`]),
    });
  }
  const paging = pages > 1 ? ` Page ${at} of ${pages}${at < pages ? `: \`/mentor match show ${at + 1}\` for the next` : ''}.` : '';
  const next =
    open > 0
      ? ' Approve with `/mentor match approve all` or `/mentor match approve <n>`; reject with `/mentor match reject <n> <reason>`.'
      : shown.length > 0
        ? ' Every pair is decided.'
        : '';
  const head = `Matching round ${round.number}: ${shown.length} pair${shown.length === 1 ? '' : 's'} (${open} awaiting your decision), ${unmatched.length} not matched.`;
  return message(`${head}${next}${paging}`, { sections });
}
