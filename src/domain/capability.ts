import type { CommandDef, FlowHandler, Middleware, Principal } from '../core/bot.js';
import type { Section } from '../core/render.js';
import type { Db } from '../db/client.js';
import type { DeliveryKind } from '../jobs/delivery-kind.js';
import type { Planner } from '../jobs/planner.js';
import type { ProgramCatalog } from './programs/catalog.js';
import type { ProgramDefinition } from './programs/definition.js';
import type { CompletionListener, QuestionnaireEngine, QuestionnaireKind } from './questionnaires/questionnaire.js';

/** What a capability is handed when the app folds the modules together. */
export interface CapabilityDeps {
  catalog: ProgramCatalog;
  /** Every command of every module, for help and platform registration. */
  commands(): readonly CommandDef[];
  /** The questionnaire engine over every module's kinds. */
  questionnaires(): QuestionnaireEngine;
  /** Every module's declarations of personal data, for export and erasure. */
  personalData(): readonly PersonalData[];
  /** What every module allows while a person owes a new consent answer. */
  allowedDuringReconsent(): { commands: ReadonlySet<string>; flows: ReadonlySet<string> };
  /** Every module's home sections, ordered (the status command shows them too). */
  homeSections(): readonly HomeSection[];
  /** The workspace's program rows by slug (created on first contact). */
  programIds(db: Db, workspaceId: string, now: Date): Promise<Map<string, string>>;
}

/** A line in a person's home view (Slack's App Home); null when it has nothing to say. */
export interface HomeSection {
  /** Lower first. */
  order: number;
  describe(input: { db: Db; principal: Principal; program: ProgramDefinition; programId: string; now: Date }): Promise<Section | null>;
}

/**
 * A column referring to `people` and what export and erasure do with it. `delete` removes the
 * row, `clear` sets the column to null (someone else's record that named this person),
 * `keep` leaves it pointing at the pseudonymised person row (the record must stay).
 */
export interface PersonalColumn {
  table: string;
  column: string;
  erase: 'delete' | 'clear' | 'keep';
}

/** A table (or view of tables) holding a person's data, as their export shows it. */
export interface PersonalData {
  /** The section title in the person's export. */
  title: string;
  /** What the table holds and why export and erasure treat it so, for ARCHITECTURE.md and the test. */
  why: string;
  columns: readonly PersonalColumn[];
  /** The person's own rows, readable; absent when nothing is theirs to read (e.g. queue rows). */
  export?(db: Db, personId: string): Promise<Record<string, unknown>[]>;
  /** Work erasure needs beyond the column rules (e.g. clearing free text that names them). */
  erase?(db: Db, personId: string, now: Date): Promise<void>;
  /**
   * What the program's retention sweep does instead of erasing, for data the evaluation export
   * reads: `keep` leaves it (pointing at the pseudonymised person row), a function strips it to
   * what that export holds. Absent: retention erases it as erasure does.
   */
  retain?: 'keep' | ((db: Db, personId: string, now: Date, deps: CapabilityDeps) => Promise<void>);
}

/**
 * What a capability adds. The app finds every `src/domain/<capability>/module.ts` and folds
 * them; adding a capability edits no central list.
 */
export interface CapabilityModule {
  readonly name: string;
  /** Where its commands come in help, lower first. */
  readonly order?: number;
  commands?(deps: CapabilityDeps): CommandDef[];
  flows?(deps: CapabilityDeps): Record<string, FlowHandler>;
  middleware?(deps: CapabilityDeps): Middleware[];
  questionnaires?(deps: CapabilityDeps): QuestionnaireKind[];
  /** Reactions to finished runs of other capabilities' kinds (e.g. a review survey). */
  completionListeners?(deps: CapabilityDeps): CompletionListener[];
  planners?(deps: CapabilityDeps): Planner[];
  deliveries?(deps: CapabilityDeps): DeliveryKind[];
  homeSections?(deps: CapabilityDeps): HomeSection[];
  personalData?: readonly PersonalData[];
  /**
   * What a person may still do while they owe an answer to a changed consent statement:
   * command paths (first words) and prompt flows.
   */
  allowedDuringReconsent?: { commands?: readonly string[]; flows?: readonly string[] };
}

export function capability(module: CapabilityModule): CapabilityModule {
  return module;
}
