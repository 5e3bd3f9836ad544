import type { CommandDef } from '../../core/bot.js';
import { usage } from '../../core/command-grammar.js';
import { UserError } from '../../core/errors.js';
import { message } from '../../core/render.js';

/** `/mentor help [subcommand]`: only what the asking person may run, coordinators' set apart. */
export function helpCommand(commands: () => readonly CommandDef[]): CommandDef {
  return {
    path: ['help'],
    summary: 'Show what you can do here',
    access: 'anyone',
    args: [{ name: 'subcommand', type: 'text', description: 'a subcommand to explain', optional: true }],
    async run(ctx, args) {
      const isCoordinator = ctx.principal.roles.has('coordinator');
      const allowed = commands().filter((c) => c.access === 'anyone' || isCoordinator);
      const topic = typeof args.subcommand === 'string' ? args.subcommand.toLowerCase().trim() : '';
      if (topic) {
        const matches = allowed.filter((c) => c.path.join(' ').startsWith(topic));
        if (matches.length === 0) {
          throw new UserError(`There is no subcommand “${topic}” that you can use. \`/mentor help\` lists them.`, 'unknown_subcommand');
        }
        ctx.reply(matches.map((c) => `\`${usage(c)}\`: ${c.summary}`).join('\n'));
        return;
      }
      const line = (c: CommandDef) => `\`${usage(c)}\`: ${c.summary}`;
      const sections = [{ title: 'You can use', text: allowed.filter((c) => c.access === 'anyone').map(line).join('\n') }];
      if (isCoordinator) {
        sections.push({
          title: 'Coordinator commands',
          text: allowed.filter((c) => c.access === 'coordinator').map(line).join('\n'),
        });
      }
      ctx.reply(message('Mentoring bot commands', { sections }));
    },
  };
}
