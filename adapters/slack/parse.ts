import type { Actor, InboundEvent, Where } from '../../src/core/chat.js';
import { FIELD_ACTION, MULTI_PICK_ACTION, MULTI_SUBMIT_ACTION, PROMPT_ACTION_PREFIX, promptIdOfBlock } from './render.js';

/** The few fields of Slack payloads we read; Slack sends many more. */
export interface SlashCommandPayload {
  team_id: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  text: string;
  trigger_id: string;
  response_url?: string;
}

export interface MessageImPayload {
  type: string;
  subtype?: string;
  bot_id?: string;
  channel_type?: string;
  channel: string;
  user?: string;
  text?: string;
}

interface Option {
  value: string;
  text?: { text: string };
}

export interface ActionPayload {
  type: string;
  block_id: string;
  action_id: string;
  action_ts?: string;
  value?: string;
  text?: { text: string };
  selected_option?: Option;
  selected_options?: Option[];
  selected_date?: string;
}

export interface BlockActionsPayload {
  team?: { id: string } | null;
  user: { id: string; name?: string; team_id?: string };
  channel?: { id: string };
  trigger_id?: string;
  actions: ActionPayload[];
  state?: { values: Record<string, Record<string, { selected_options?: Option[] }>> };
}

export interface ViewSubmissionPayload {
  team?: { id: string } | null;
  user: { id: string; name?: string; team_id?: string };
  view: {
    id: string;
    hash?: string;
    callback_id: string;
    private_metadata?: string;
    state: { values: Record<string, Record<string, { value?: string | null }>> };
  };
}

/** A conversation id starting with D is a direct message (with the bot, or between two people). */
export function whereOf(channel: string | undefined): Where {
  return !channel || channel.startsWith('D') ? { kind: 'dm' } : { kind: 'channel', channel };
}

function actor(team: string, user: string, name?: string): Actor {
  return { platform: 'slack', workspace: team, user, ...(name ? { displayName: name } : {}) };
}

/** `/mentor <text>`: the trigger id is unique per invocation, so it names the event. */
export function commandEvent(c: SlashCommandPayload): InboundEvent {
  return { type: 'command', id: `command:${c.trigger_id}`, actor: actor(c.team_id, c.user_id, c.user_name), where: whereOf(c.channel_id), text: c.text ?? '' };
}

/** A person's message in their DM with the bot; edits, bots and joins are not conversation. */
export function messageEvent(teamId: string, eventId: string, m: MessageImPayload): InboundEvent | null {
  if (m.subtype !== undefined || m.bot_id || !m.user || m.channel_type !== 'im') return null;
  return { type: 'message', id: `event:${eventId}`, actor: actor(teamId, m.user), where: { kind: 'dm' }, text: m.text ?? '' };
}

export interface ParsedAction {
  event: InboundEvent & { type: 'action' };
  /** What the person chose, in words, for the answered message. */
  label: string;
}

/**
 * A click on a prompt's button or menu. Picking in a multi-select only changes what will be
 * sent; its Submit button sends the picks (read from the message's state), so returns null.
 */
export function actionEvent(body: BlockActionsPayload): ParsedAction | null {
  const action = body.actions[0];
  if (!action || !action.action_id.startsWith(PROMPT_ACTION_PREFIX) || action.action_id === MULTI_PICK_ACTION) return null;
  const promptId = promptIdOfBlock(action.block_id);
  let value: string | string[];
  let label: string;
  if (action.action_id === MULTI_SUBMIT_ACTION) {
    const picked = Object.entries(body.state?.values ?? {})
      .filter(([blockId]) => promptIdOfBlock(blockId) === promptId)
      .flatMap(([, inputs]) => inputs[MULTI_PICK_ACTION]?.selected_options ?? []);
    value = picked.map((o) => o.value);
    label = picked.map((o) => o.text?.text ?? o.value).join(', ');
  } else if (action.selected_date) {
    value = action.selected_date;
    label = action.selected_date;
  } else if (action.selected_option) {
    value = action.selected_option.value;
    label = action.selected_option.text?.text ?? value;
  } else {
    value = action.value ?? '';
    label = action.text?.text ?? value;
  }
  const team = body.team?.id ?? body.user.team_id ?? '';
  const id = body.trigger_id ? `action:${body.trigger_id}` : `action:${action.action_ts}:${body.user.id}`;
  return {
    event: { type: 'action', id, actor: actor(team, body.user.id, body.user.name), where: whereOf(body.channel?.id), promptId, value },
    label,
  };
}

/** A modal submission: the view id plus its hash names it, so a double submit acts once. */
export function formEvent(body: ViewSubmissionPayload): InboundEvent & { type: 'form' } {
  const values: Record<string, string> = {};
  for (const [blockId, inputs] of Object.entries(body.view.state.values)) values[blockId] = inputs[FIELD_ACTION]?.value ?? '';
  const team = body.team?.id ?? body.user.team_id ?? '';
  return {
    type: 'form',
    id: `form:${body.view.id}:${body.view.hash ?? ''}`,
    actor: actor(team, body.user.id, body.user.name),
    where: { kind: 'dm' },
    formId: body.view.callback_id,
    values,
  };
}

/**
 * Field-level errors for `response_action: errors`. Convention: a refusal whose message starts
 * with `<fieldId>: ` belongs to that field; any other refusal is shown on the first field.
 */
export function fieldErrors(fieldIds: readonly string[], messageText: string, field?: string): Record<string, string> {
  if (field && fieldIds.includes(field)) return { [field]: messageText.slice(0, 2000) };
  const match = /^([A-Za-z0-9_.-]+):\s+([\s\S]*)$/.exec(messageText);
  if (match && fieldIds.includes(match[1]!)) return { [match[1]!]: match[2]!.slice(0, 2000) };
  const first = fieldIds[0];
  return first ? { [first]: messageText.slice(0, 2000) } : {};
}
