import { Bot, type BotHooks, type CommandDef, type Principal, type Services } from '../core/bot.js';
import { message, type Message } from '../core/render.js';
import type { Db } from '../db/client.js';
import type { DeliveryKind } from '../jobs/delivery-kind.js';
import type { Planner } from '../jobs/planner.js';
import type { CapabilityDeps, CapabilityModule, HomeSection } from './capability.js';
import type { ProgramCatalog } from './programs/catalog.js';
import { syncPrograms } from './programs/sync-programs.js';
import { personalDataOf } from './privacy/personal-data.js';
import { questionnaireEngine, type QuestionnaireEngine } from './questionnaires/questionnaire.js';

export interface FoldedDomain {
  deps: CapabilityDeps;
  planners: Planner[];
  deliveries: DeliveryKind[];
  home(db: Db, principal: Principal, now: Date): Promise<Message>;
}

/**
 * Folds the capability modules into the bot: commands, flows (their own and one per
 * questionnaire kind), middleware; and collects planners and delivery kinds for the jobs.
 */
export function foldModules(bot: Bot, modules: readonly CapabilityModule[], catalog: ProgramCatalog): FoldedDomain {
  let engine: QuestionnaireEngine | null = null;
  const allowed = {
    commands: new Set(modules.flatMap((m) => m.allowedDuringReconsent?.commands ?? [])),
    flows: new Set(modules.flatMap((m) => m.allowedDuringReconsent?.flows ?? [])),
  };
  const data = personalDataOf(modules);
  let sections: HomeSection[] = [];
  const deps: CapabilityDeps = {
    catalog,
    commands: (): readonly CommandDef[] => bot.commands,
    questionnaires: () => {
      engine ??= questionnaireEngine(
        catalog,
        modules.flatMap((m) => m.questionnaires?.(deps) ?? []),
        modules.flatMap((m) => m.completionListeners?.(deps) ?? []),
      );
      return engine;
    },
    personalData: () => data,
    allowedDuringReconsent: () => allowed,
    homeSections: () => sections,
    programIds: (db, workspaceId, now) => syncPrograms(db, workspaceId, catalog, now),
  };
  for (const m of modules) {
    for (const command of m.commands?.(deps) ?? []) bot.command(command);
    for (const [name, flow] of Object.entries(m.flows?.(deps) ?? {})) bot.flow(name, flow);
    for (const middleware of m.middleware?.(deps) ?? []) bot.use(middleware);
  }
  for (const [name, flow] of deps.questionnaires().flows()) bot.flow(name, flow);
  sections = modules.flatMap((m) => m.homeSections?.(deps) ?? []).sort((a, b) => a.order - b.order);
  return {
    deps,
    planners: modules.flatMap((m) => m.planners?.(deps) ?? []),
    deliveries: modules.flatMap((m) => m.deliveries?.(deps) ?? []),
    async home(db, principal, now) {
      const program = catalog.get(principal.programSlug);
      if (!program || !principal.programId) return message('No mentoring program is set up in this workspace yet.');
      const input = { db, principal, program, programId: principal.programId, now };
      const shown = [];
      // One after another: they share the event's transaction.
      for (const s of sections) {
        const section = await s.describe(input);
        if (section) shown.push(section);
      }
      return message(program.name, { sections: shown });
    },
  };
}

/** The command list without a database (platform registration): the same folding the app does. */
export function commandsOf(modules: readonly CapabilityModule[], catalog: ProgramCatalog): readonly CommandDef[] {
  const bot = new Bot({} as Services, {} as BotHooks);
  foldModules(bot, modules, catalog);
  return bot.commands;
}
