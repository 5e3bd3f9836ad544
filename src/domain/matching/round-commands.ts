import type { CommandDef, FlowHandler } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, type RichText } from '../../core/render.js';
import { recordAudit } from '../audit/record-audit.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { requireProgram } from '../programs/require-program.js';
import { approveProposal, proposalById, proposalByNumber, rejectProposal, type Decider } from './decide-proposal.js';
import { REJECT_FORM, ROUND_FLOW, roundMessage } from './round-view.js';
import { openRound, proposalsOf, proposeRound, unmatchedOf, type Round } from './rounds.js';

type Ctx = Parameters<CommandDef['run']>[0];

const NO_ROUND = 'There is no open matching round. `/mentor match propose` makes one.';

async function currentRound(ctx: Parameters<CommandDef['run']>[0], programId: string): Promise<Round> {
  const round = await openRound(ctx.db, programId);
  if (!round) throw new UserError(NO_ROUND, 'no_round');
  return round;
}

function reasonOf(value: unknown): string {
  const reason = String(value ?? '').trim();
  if (reason.length < 3) throw new UserError('Please give a reason (a few words): it is kept in the audit log.', 'bad_argument');
  return reason;
}

/** Approves every open pair of the round; a stale one is skipped and reported, the others go ahead. */
async function approveAll(ctx: Ctx, d: Decider, round: Round, program: ProgramDefinition, programId: string): Promise<RichText> {
  const open = (await proposalsOf(ctx.db, round.id)).filter((p) => p.status === 'proposed');
  if (open.length === 0) throw new UserError(`Round ${round.number} has no pairs awaiting approval.`, 'nothing_to_approve');
  const lines: RichText[] = [];
  let approved = 0;
  for (const proposal of open) {
    try {
      lines.push(await approveProposal(ctx, d, { proposal, round, program, programId }));
      approved++;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      lines.push(error.text);
    }
  }
  return joinRich([`Approved ${approved} of ${open.length} pairs.`, ...lines], '\n');
}

/** `/mentor match propose|show|approve|reject`: a coordinator reviews the solver's round. */
export function roundCommands(d: Decider): CommandDef[] {
  const show = async (ctx: Parameters<CommandDef['run']>[0], round: Round, page: number) => {
    ctx.reply(roundMessage(round, await proposalsOf(ctx.db, round.id), await unmatchedOf(ctx.db, round.id), page));
  };
  return [
    {
      path: ['match', 'propose'],
      summary: 'Propose the best pairing of everyone ready to match',
      access: 'coordinator',
      args: [],
      async run(ctx) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const now = ctx.clock.now();
        const round = await proposeRound({ db: ctx.db, program, programId, now, createdBy: ctx.principal.personId });
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, action: 'match.propose', details: { round: round.number }, at: now });
        // A program that trusts the solver: the coordinator's command is the review.
        const waiting = (await proposalsOf(ctx.db, round.id)).some((p) => p.status === 'proposed');
        if (!program.matching.requireCoordinatorReview && waiting) ctx.reply(await approveAll(ctx, d, round, program, programId));
        await show(ctx, round, 1);
      },
    },
    {
      path: ['match', 'show'],
      summary: 'Show the current matching round',
      access: 'coordinator',
      args: [{ name: 'page', type: 'number', description: 'page number', optional: true }],
      async run(ctx, args) {
        const { programId } = requireProgram(ctx, d.catalog);
        await show(ctx, await currentRound(ctx, programId), Number(args.page ?? 1));
      },
    },
    {
      path: ['match', 'approve'],
      summary: 'Approve a proposed pair, or all of them',
      access: 'coordinator',
      args: [{ name: 'which', type: 'word', description: '`all` or a pair number' }],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const round = await currentRound(ctx, programId);
        const which = String(args.which).toLowerCase();
        if (which !== 'all') {
          if (!/^\d+$/.test(which)) throw new UserError(`“${which}” is not a pair number: use \`all\` or a number from \`/mentor match show\`.`, 'bad_argument');
          const proposal = await proposalByNumber(ctx.db, round, Number(which));
          ctx.reply(await approveProposal(ctx, d, { proposal, round, program, programId }));
          return;
        }
        ctx.reply(await approveAll(ctx, d, round, program, programId));
      },
    },
    {
      path: ['match', 'reject'],
      summary: 'Reject a proposed pair and solve the round again without it',
      access: 'coordinator',
      args: [
        { name: 'pair', type: 'number', description: 'the pair number' },
        { name: 'reason', type: 'text', description: 'why (kept in the audit log)' },
      ],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, d.catalog);
        const round = await currentRound(ctx, programId);
        const proposal = await proposalByNumber(ctx.db, round, Number(args.pair));
        ctx.reply(await rejectProposal(ctx, { proposal, round, program, programId }, reasonOf(args.reason)));
      },
    },
  ];
}

/** The round's buttons: approve at once; reject asks for the reason in a form. */
export function roundFlows(d: Decider): Record<string, FlowHandler> {
  return {
    [ROUND_FLOW]: {
      async onAction(ctx) {
        const id = ctx.event.promptId.slice(ROUND_FLOW.length + 1);
        const found = await proposalById(ctx, d.catalog, id);
        if (ctx.event.value === 'approve') ctx.reply(await approveProposal(ctx, d, found));
        else if (ctx.event.value === 'reject') {
          ctx.openForm({
            id: `${REJECT_FORM}:${id}`,
            title: `Reject pair ${found.proposal.number}`,
            fields: [{ id: 'reason', label: 'Why? (kept in the audit log)', maxLength: 500 }],
            submitLabel: 'Reject',
          });
        } else throw new UserError('That is not one of the choices offered. Nothing was changed.', 'bad_answer');
      },
    },
    [REJECT_FORM]: {
      async onForm(ctx) {
        const found = await proposalById(ctx, d.catalog, ctx.event.formId.slice(REJECT_FORM.length + 1));
        ctx.reply(await rejectProposal(ctx, found, reasonOf(ctx.event.values.reason)));
      },
    },
  };
}
