/**
 * `npm run discord:register`: registers `/mentor` for DISCORD_GUILD_ID (instant), or for every
 * server with `--global`. `--dry-run` prints the payload instead. The payload is generated
 * from the same command list the bot parses, so re-run this whenever commands change.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { Bot, type BotHooks, type Services } from '../../src/core/bot.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import { loadConfig } from '../../src/config.js';
import { registerDomain } from '../../src/domain/commands.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { buildCommandPayload } from './command-registration.js';
import { loadDiscordConfig, type DiscordConfig } from './config.js';
import { inviteUrl } from './permissions.js';

export interface RegisterResult {
  scope: 'guild' | 'global';
  route: string;
  registered: number;
}

/** PUTs the command list (replacing what was there: a removed subcommand disappears too). */
export async function registerCommands(
  config: Pick<DiscordConfig, 'token' | 'applicationId' | 'guildId' | 'apiUrl'>,
  commands: readonly CommandSpec[],
  options: { global?: boolean } = {},
): Promise<RegisterResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = [buildCommandPayload(commands)];
  const global = options.global === true || !config.guildId;
  const route = global
    ? Routes.applicationCommands(config.applicationId)
    : Routes.applicationGuildCommands(config.applicationId, config.guildId as string);
  const result = (await rest.put(route, { body })) as unknown[];
  return { scope: global ? 'global' : 'guild', route, registered: result.length };
}

/** The command list without a database: the same registration the app does at start-up. */
export async function coreCommands(programFiles: string[]): Promise<CommandSpec[]> {
  const catalog = new ProgramCatalog(await loadPrograms(programFiles));
  const bot = new Bot({} as Services, {} as BotHooks);
  registerDomain(bot, { catalog });
  return bot.commands;
}

async function main(argv: string[]): Promise<void> {
  const config = loadDiscordConfig();
  const commands = await coreCommands(loadConfig().PROGRAM_FILE);
  if (argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify([buildCommandPayload(commands)], null, 2)}\n`);
    return;
  }
  if (!config) throw new Error('DISCORD_TOKEN is not set: nothing to register (use --dry-run to see the payload).');
  const result = await registerCommands(config, commands, { global: argv.includes('--global') });
  const where = result.scope === 'guild' ? `server ${config.guildId}` : 'every server the bot is in (global)';
  process.stdout.write(`Registered /mentor with ${commands.length} subcommands for ${where}.\n`);
  process.stdout.write(`Invite URL (if the bot is not in your server yet):\n  ${inviteUrl(config.applicationId)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`discord:register failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
