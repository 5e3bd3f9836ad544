import { and, eq, inArray } from 'drizzle-orm';
import type { HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { channelRef, joinRich, rich } from '../../core/render.js';
import { matches, matchMembers, workPlans } from '../../db/schema/index.js';
import type { Match } from '../matching/create-match.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { requireProgram } from '../programs/require-program.js';
import { openPlan } from './plan-open.js';
import { partyOfRole, planOfMatch, type Party, type Plan } from './plan-store.js';

const ONLY_REPRESENTATIVES = 'Only the two representatives change their work plan; coordinators can see it and its history.';

export interface PlanContext {
  program: ProgramDefinition;
  programId: string;
  match: Match;
  plan: Plan;
  /** The asking person's side, when they are one of the representatives; null for a coordinator. */
  party: Party | null;
}

/** The program, when it has work plans; a clear refusal otherwise. */
export function requirePlansProgram(ctx: HandlerContext, catalog: ProgramCatalog) {
  const found = requireProgram(ctx, catalog);
  if (!found.program.workplans) {
    throw new UserError(`${found.program.name} has no work plans: they belong to inter-organisational programs.`, 'no_workplans');
  }
  return found;
}

/**
 * Which partnership's plan a command is about: the one whose channel it was typed in, else the
 * match a coordinator names, else the asking representative's only active partnership. A
 * representative sees only their own; a coordinator any in the program.
 */
export async function planContext(
  ctx: HandlerContext,
  catalog: ProgramCatalog,
  /** `change`: the command changes the plan, so only a representative's own partnership will do. */
  { matchNumber, planId, change = false }: { matchNumber?: number; planId?: string; change?: boolean } = {},
): Promise<PlanContext> {
  const { program, programId } = requirePlansProgram(ctx, catalog);
  const coordinator = ctx.principal.roles.has('coordinator');
  const mine = await ctx.db
    .select({ match: matches, role: matchMembers.role, plan: workPlans.id })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .leftJoin(workPlans, eq(workPlans.matchId, matches.id))
    .where(and(eq(matchMembers.personId, ctx.principal.personId), eq(matches.programId, programId), inArray(matches.state, ['active', 'closed'])));
  let match: Match | undefined;
  if (planId !== undefined) {
    // A form names its plan: the partnership it was opened for, wherever it is submitted.
    match = mine.find((m) => m.plan === planId)?.match;
    if (!match) throw new UserError('That form is for a partnership you are not in. Nothing was changed.', 'stale_form');
  } else if (matchNumber !== undefined) {
    match = coordinator
      ? (await ctx.db.select().from(matches).where(and(eq(matches.programId, programId), eq(matches.number, matchNumber))))[0]
      : mine.find((m) => m.match.number === matchNumber)?.match;
    if (!match) throw new UserError(`There is no partnership ${matchNumber} that you can see. \`/mentor plan\` shows your own.`, 'bad_argument');
  } else {
    const where = ctx.event.where;
    const here = where.kind === 'channel' ? (await ctx.db.select().from(matches).where(and(eq(matches.programId, programId), eq(matches.channel, where.channel))))[0] : undefined;
    if (here && (coordinator || mine.some((m) => m.match.id === here.id))) match = here;
    else {
      const active = mine.filter((m) => m.match.state === 'active');
      if (active.length === 1) match = active[0]!.match;
      else if (active.length > 1) {
        const channels = joinRich(active.map((m) => (m.match.channel ? rich`${channelRef(m.match.channel)}` : `partnership ${m.match.number}`)), ', ');
        throw new UserError(rich`You are in ${String(active.length)} partnerships: run this in the partnership's channel (${channels}).`, 'which_match');
      } else if (coordinator && change) throw new UserError(ONLY_REPRESENTATIVES, 'not_representative');
      else if (coordinator) throw new UserError('Name the partnership, e.g. `/mentor plan show 1`; `/mentor plans` lists them.', 'missing_argument');
      else throw new UserError('You are not in an active partnership yet, so there is no work plan to show.', 'no_match');
    }
  }
  const plan = (await planOfMatch(ctx.db, match.id)) ?? (await openPlan(ctx.db, program, match, ctx.clock.now()));
  if (!plan) throw new UserError(`Partnership ${match.number} has no work plan: it has not started.`, 'no_plan');
  const role = mine.find((m) => m.match.id === match.id)?.role;
  return { program, programId, match, plan, party: role ? partyOfRole(role) : null };
}

/** Only the two representatives change their plan: the coordinator supports, the plan is theirs. */
export function requireRepresentative(pc: PlanContext): Party {
  if (!pc.party) throw new UserError(ONLY_REPRESENTATIVES, 'not_representative');
  if (pc.match.state !== 'active') throw new UserError(`Partnership ${pc.match.number} has ended: its work plan is kept as it was.`, 'match_closed');
  return pc.party;
}
