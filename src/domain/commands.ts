import type { Bot, CommandDef } from '../core/bot.js';
import { auditCommand } from './audit/show-audit.js';
import { helpCommand } from './help/show-help.js';
import { intakeFlow } from './intake/answer-intake.js';
import { RECONSENT_FLOW, reconsentFlow, reconsentGate } from './intake/reconsent.js';
import { INTAKE_FLOW } from './intake/send-step.js';
import { joinCommand } from './intake/start-intake.js';
import { LEAVE_FLOW, leaveCommand, leaveFlow } from './participants/leave.js';
import { pauseCommand, resumeCommand } from './participants/pause-resume.js';
import { PROFILE_FLOW, profileCommand, profileFlow } from './participants/profile.js';
import { statusCommand } from './participants/show-status.js';
import { PRIVACY_FLOW, privacyEraseCommand, privacyExportCommand, privacyFlow } from './privacy/privacy-commands.js';
import type { ProgramCatalog } from './programs/catalog.js';
import { programCommand } from './programs/show-program.js';
import { roleGrantCommand, roleRevokeCommand } from './roles/role-commands.js';
import { decisionCommands } from './screening/decide-application.js';
import { guardianCommand } from './screening/record-guardian-consent.js';
import { applicationCommand, applicationsCommand, checkCommand } from './screening/screening-commands.js';
import { trainingRecordCommand } from './training/record-training.js';

export interface DomainDeps {
  catalog: ProgramCatalog;
}

/**
 * Every `/mentor` subcommand, in the order help lists them. Adapters that register commands
 * with their platform (Discord) read this same list through `bot.commands`.
 */
export function domainCommands(bot: Bot, deps: DomainDeps): CommandDef[] {
  const { catalog } = deps;
  return [
    helpCommand(() => bot.commands),
    programCommand(catalog),
    joinCommand(catalog),
    statusCommand(catalog),
    profileCommand(catalog),
    pauseCommand(catalog),
    resumeCommand(catalog),
    leaveCommand(catalog),
    privacyExportCommand,
    privacyEraseCommand,
    applicationsCommand,
    applicationCommand(catalog),
    checkCommand(catalog),
    guardianCommand(catalog),
    ...decisionCommands(catalog),
    trainingRecordCommand(catalog),
    roleGrantCommand,
    roleRevokeCommand,
    auditCommand,
  ];
}

export function registerDomain(bot: Bot, deps: DomainDeps): void {
  for (const command of domainCommands(bot, deps)) bot.command(command);
  bot.use(reconsentGate(deps.catalog));
  bot.flow(INTAKE_FLOW, intakeFlow(deps.catalog));
  bot.flow(RECONSENT_FLOW, reconsentFlow(deps.catalog));
  bot.flow(PROFILE_FLOW, profileFlow(deps.catalog));
  bot.flow(LEAVE_FLOW, leaveFlow(deps.catalog));
  bot.flow(PRIVACY_FLOW, privacyFlow);
}
