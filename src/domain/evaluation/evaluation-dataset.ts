import type { FileAttachment } from '../../core/render.js';
import { sql, type Db } from '../../db/client.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { datasetCsvs, type FileContext } from './dataset-file.js';
import { alertsFile, contactsFile, matchesFile, meetingsFile } from './match-files.js';
import { participantsFile, trainingArmsFile } from './people-files.js';
import { pseudonymiser } from './pseudonyms.js';
import { questionnaireFiles, scoresFile } from './questionnaire-files.js';

export interface EvaluationInput {
  db: Db;
  catalog: ProgramCatalog;
  engine: QuestionnaireEngine;
  program: ProgramDefinition;
  programId: string;
  secret: string;
  /** Typed answers, scrubbed of names, mentions, emails, links and phone numbers. Off unless asked. */
  withText: boolean;
  now: Date;
}

/**
 * The pseudonymised data set for evaluators (seed 002: outcomes "without personal names
 * attached"): people and matches as keyed-hash pseudonyms, no names, platform ids or channel
 * names, every date as days since the match started, typed words only when asked for and then
 * scrubbed, rare categories suppressed, and a data dictionary generated from the same columns.
 */
export async function evaluationDataset(input: EvaluationInput): Promise<FileAttachment[]> {
  const zone = (input.program.timezone ?? 'UTC').replace(/'/g, "''");
  const ctx: FileContext = {
    db: input.db,
    programId: input.programId,
    p: pseudonymiser(input.secret),
    localDay: (column) => sql.raw(`((${column}) at time zone '${zone}')::date`),
    now: input.now,
  };
  return datasetCsvs([
    await participantsFile(ctx),
    await matchesFile(ctx),
    ...(await questionnaireFiles(ctx, input)),
    await scoresFile(ctx),
    await meetingsFile(ctx),
    await alertsFile(ctx),
    await contactsFile(ctx),
    await trainingArmsFile(ctx),
  ]);
}
