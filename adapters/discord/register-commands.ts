/**
 * Registers `/mentor` with Discord: for DISCORD_GUILD_ID (instant), or for every server. The
 * payload is generated from the same command list the bot parses (scripts/discord-register.ts
 * is the `npm run discord:register` CLI around this).
 */
import { REST, Routes } from 'discord.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import { buildCommandPayload } from './command-registration.js';
import type { DiscordConfig } from './config.js';

export interface RegisterResult {
  scope: 'guild' | 'global';
  route: string;
  registered: number;
}

/** PUTs the command list (replacing what was there: a removed subcommand disappears too). */
export async function registerCommands(
  config: Pick<DiscordConfig, 'token' | 'applicationId' | 'guildId' | 'apiUrl'>,
  commands: readonly CommandSpec[],
  options: { global?: boolean; programs?: readonly string[] } = {},
): Promise<RegisterResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = [buildCommandPayload(commands, { programs: options.programs })];
  const global = options.global === true || !config.guildId;
  const route = global
    ? Routes.applicationCommands(config.applicationId)
    : Routes.applicationGuildCommands(config.applicationId, config.guildId as string);
  const result = (await rest.put(route, { body })) as unknown[];
  return { scope: global ? 'global' : 'guild', route, registered: result.length };
}
