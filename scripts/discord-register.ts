/**
 * `npm run discord:register`: registers `/mentor` for DISCORD_GUILD_ID (instant), or for every
 * server with `--global`. `--dry-run` prints the payload instead. Re-run it whenever the
 * commands change. A composition script like src/main.ts: it knows the domain and the adapter.
 */
import { buildCommandPayload } from '../adapters/discord/command-registration.js';
import { loadDiscordConfig } from '../adapters/discord/config.js';
import { inviteUrl } from '../adapters/discord/permissions.js';
import { registerCommands } from '../adapters/discord/register-commands.js';
import { loadConfig } from '../src/config.js';
import type { CommandSpec } from '../src/core/command-grammar.js';
import { commandsOf } from '../src/domain/fold-modules.js';
import { capabilityModules } from '../src/domain/modules.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';

/** The command list and program slugs without a database: the same registration the app does at start-up. */
async function coreCommands(programFiles: string[]): Promise<{ commands: CommandSpec[]; programs: string[] }> {
  const catalog = new ProgramCatalog(await loadPrograms(programFiles));
  return { commands: [...commandsOf(capabilityModules, catalog)], programs: catalog.all().map((p) => p.definition.slug) };
}

async function main(argv: string[]): Promise<void> {
  const config = loadDiscordConfig();
  // With several programs every subcommand takes a `program` option, as the running bot expects.
  const { commands, programs } = await coreCommands(loadConfig().PROGRAM_FILE);
  if (argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify([buildCommandPayload(commands, { programs })], null, 2)}\n`);
    return;
  }
  if (!config) throw new Error('DISCORD_TOKEN is not set: nothing to register (use --dry-run to see the payload).');
  const result = await registerCommands(config, commands, { global: argv.includes('--global'), programs });
  const where = result.scope === 'guild' ? `server ${config.guildId}` : 'every server the bot is in (global)';
  process.stdout.write(`Registered /mentor with ${commands.length} subcommands for ${where}.\n`);
  process.stdout.write(`Invite URL (if the bot is not in your server yet):\n  ${inviteUrl(config.applicationId)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`discord:register failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
