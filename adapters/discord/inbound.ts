import { MessageFlags, Routes, type Client, type Interaction, type Message as DiscordMessage } from 'discord.js';
import type { DmChannels, InboundEvent, Reply } from '../../src/core/chat.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import type { Logger } from '../../src/core/logger.js';
import { autocompleteChoices, COMMAND_NAME } from './command-registration.js';
import { messageBody } from './discord-chat.js';
import { describeDiscordError, discordErrorCode, withRateLimitWait } from './errors.js';
import type { FormSteps } from './form-steps.js';
import type { LiveInteractions } from './live-interactions.js';
import { answerModal, openFormRow, renderModal } from './modals.js';
import { actorAndWhere, commandEvent, componentEvent, messageEvent, modalId, modalValues, type Origin } from './parse.js';
import { renderMessage } from './render.js';
import { respond, type Answerable } from './respond.js';
import type { SeenInteractions } from './seen-interactions.js';

/** What the adapter needs from the app: handle an event, and the command list to register. */
export interface DiscordHost {
  handle(event: InboundEvent): Promise<Reply[]>;
  readonly commands: readonly CommandSpec[];
  /** Keeps DM channel ids across restarts; without it each is opened again after one. */
  readonly dmChannels?: DmChannels;
}

export interface InboundDeps {
  client: Client;
  host: DiscordHost;
  logger: Logger;
  forms: FormSteps;
  live: LiveInteractions;
  seen: SeenInteractions;
  /** Program slugs offered as the `program` option (only registered when there are several). */
  programs: readonly string[];
  guildId?: string;
  /** How long to wait for the core before deferring (Discord allows 3 s for the first response). */
  replyBudgetMs: number;
}

/** Discord's "Interaction has already been acknowledged": another delivery of it answered first. */
const ALREADY_ACKNOWLEDGED = 40060;

const NO_WORKSPACE = 'I serve more than one server, so I cannot tell which program you mean here. Please use `/mentor` in your server.';

/** Turns Discord's interactions and DMs into the core's events, and answers them. */
export class Inbound {
  constructor(private readonly deps: InboundDeps) {}

  /** DMs carry no server id: they belong to the configured server, or the only one the bot is in. */
  private dmWorkspace(): string | null {
    const guilds = this.deps.client.guilds.cache;
    return this.deps.guildId ?? (guilds.size === 1 ? (guilds.first()?.id ?? null) : null);
  }

  private base(id: string, origin: Origin) {
    const dm = this.dmWorkspace();
    if (!origin.guildId && !dm) return null;
    return { id, ...actorAndWhere(origin, dm ?? '') };
  }

  async onInteraction(interaction: Interaction): Promise<void> {
    const log = this.deps.logger.child({ platform: 'discord', interaction: interaction.id, kind: interaction.type });
    // A second dispatch of the same interaction gets no callback at all: the first one answers.
    if (!this.deps.seen.claim(interaction.id)) {
      log.info('interaction delivered again; the first delivery answers it');
      return;
    }
    if (interaction.isAutocomplete()) {
      const { options } = interaction;
      const path = [options.getSubcommandGroup(false), options.getSubcommand(false)].filter((p): p is string => !!p);
      const focused = options.getFocused(true);
      const choices = interaction.commandName === COMMAND_NAME ? autocompleteChoices(this.deps.host.commands, path, focused.name, String(focused.value), this.deps.programs) : [];
      await interaction.respond(choices).catch((err: unknown) => log.warn({ err }, 'autocomplete failed'));
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu() && !interaction.isModalSubmit()) return;
    const acknowledged = this.deps.live.track(interaction);
    try {
      await this.answer(interaction);
    } catch (err) {
      if (discordErrorCode(err) === ALREADY_ACKNOWLEDGED) {
        // Another process (or a delivery before a restart) answered it: nothing more to say.
        log.info('interaction already acknowledged elsewhere');
        return;
      }
      log.error({ err, discord: describeDiscordError(err) }, 'could not answer a Discord interaction');
      // A failure after the response (or the defer) still reaches the person.
      if (interaction.deferred || interaction.replied) {
        await interaction
          .followUp({ content: `Sorry, I could not show the answer. ${describeDiscordError(err)}`, flags: MessageFlags.Ephemeral })
          .catch(() => undefined);
      }
    } finally {
      acknowledged();
    }
  }

  private async answer(interaction: Answerable): Promise<void> {
    const { host, forms, replyBudgetMs: budgetMs } = this.deps;
    const user = interaction.user.id;
    if (interaction.isChatInputCommand() && interaction.commandName !== COMMAND_NAME) {
      // A command left registered under another name (an old one, or added by hand): never run it as /mentor.
      await interaction.reply({ content: unknownCommand(interaction.commandName), flags: MessageFlags.Ephemeral });
      return;
    }
    const base = this.base(interaction.id, {
      user: interaction.user,
      member: interaction.inCachedGuild() ? interaction.member : null,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    });
    if (!base) {
      await interaction.reply({ content: NO_WORKSPACE, flags: MessageFlags.Ephemeral });
      return;
    }
    const inDm = base.where.kind === 'dm';
    if (interaction.isChatInputCommand()) {
      const event = commandEvent(base, interaction.options.data, host.commands, this.deps.programs);
      await respond(interaction, host.handle(event), { budgetMs, forms });
      return;
    }
    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const values = interaction.isStringSelectMenu() ? interaction.values : undefined;
      const { event, id } = componentEvent(base, { customId: interaction.customId, componentType: interaction.componentType, values });
      if (id.kind === 'answer') {
        await interaction.showModal(answerModal(id.promptId, questionIn(interaction.message.content)));
        return;
      }
      if (id.kind === 'open-form') {
        const form = forms.form(user, id.formId);
        if (form) await interaction.showModal(renderModal(form, id.step));
        else await interaction.reply({ content: 'That form has expired. Please run the command again.', flags: MessageFlags.Ephemeral });
        return;
      }
      if (!event || event.type !== 'action') return;
      const picked = Array.isArray(event.value) ? event.value : [event.value];
      // In a DM the prompt was asked of this person alone, so their answer closes it.
      await respond(interaction, host.handle(event), { budgetMs, forms, closePrompt: inDm ? { promptId: event.promptId, picked } : undefined });
      return;
    }
    const values = modalValues(interaction.components);
    const id = modalId(interaction.customId);
    if (id.kind === 'answer') {
      const event: InboundEvent = { ...base, type: 'action', promptId: id.promptId, value: values.answer ?? '' };
      await respond(interaction, host.handle(event), { budgetMs, forms, closePrompt: inDm ? { promptId: id.promptId, picked: [] } : undefined });
      return;
    }
    if (id.step === null) {
      await respond(interaction, host.handle({ ...base, type: 'form', formId: id.formId, values }), { budgetMs, forms });
      return;
    }
    const progress = forms.submit(user, id.formId, id.step, values);
    if (!progress) {
      await interaction.reply({ content: 'That form has expired. Please run the command again.', flags: MessageFlags.Ephemeral });
    } else if (!progress.done) {
      // Discord cannot open a modal from a modal: the next step is one click away.
      await interaction.reply({ content: `Step ${id.step} saved.`, components: openFormRow(progress.form, progress.next), flags: MessageFlags.Ephemeral });
    } else {
      await respond(interaction, host.handle({ ...base, type: 'form', formId: id.formId, values: progress.values }), { budgetMs, forms });
    }
  }

  /** A DM to the bot: the core maps it to the person's open prompt, if any. */
  async onMessage(message: DiscordMessage): Promise<void> {
    if (message.author.bot || message.guildId || message.system) return;
    const log = this.deps.logger.child({ platform: 'discord', message: message.id });
    try {
      const base = this.base(message.id, { user: message.author, member: null, guildId: null, channelId: message.channelId });
      const replies: Reply[] = base ? await this.deps.host.handle(messageEvent(base, message.content)) : [];
      if (!base) replies.push({ kind: 'ephemeral', message: { text: NO_WORKSPACE } });
      for (const reply of replies) {
        let body;
        if (reply.kind === 'form') {
          // No interaction to answer with a modal: a button opens it.
          this.deps.forms.remember(message.author.id, reply.form);
          body = { content: reply.form.title, components: openFormRow(reply.form, 1) };
        } else if (reply.kind === 'ephemeral') {
          body = messageBody(renderMessage(reply.message));
        } else continue;
        await withRateLimitWait(() => this.deps.client.rest.post(Routes.channelMessages(message.channelId), { body }));
      }
    } catch (err) {
      log.error({ err, discord: describeDiscordError(err) }, 'could not answer a direct message');
    }
  }
}

export function unknownCommand(name: string): string {
  return `I do not know the command \`/${name}\`. Use \`/${COMMAND_NAME}\`, e.g. \`/${COMMAND_NAME} help\`.`;
}

/** The bold question line of a prompt message, to label its answer box. */
export function questionIn(content: string): string {
  const matches = [...content.matchAll(/\*\*(.+?)\*\*/g)];
  return matches[matches.length - 1]?.[1] ?? 'Your answer';
}
