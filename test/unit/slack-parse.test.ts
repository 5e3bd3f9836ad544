import { describe, expect, it } from 'vitest';
import { actionEvent, commandEvent, fieldErrors, formEvent, messageEvent, whereOf } from '../../adapters/slack/parse.js';

const user = { id: 'U1', name: 'alice', team_id: 'T1' };

describe('slack parse: payloads to neutral events', () => {
  it('turns a slash command into a command event named by its trigger id', () => {
    expect(commandEvent({ team_id: 'T1', user_id: 'U1', user_name: 'alice', channel_id: 'C1', text: 'help', trigger_id: 'tr.1' })).toEqual({
      type: 'command',
      id: 'command:tr.1',
      actor: { platform: 'slack', workspace: 'T1', user: 'U1', displayName: 'alice' },
      where: { kind: 'channel', channel: 'C1' },
      text: 'help',
    });
    expect(whereOf('D123')).toEqual({ kind: 'dm' });
  });

  it('takes plain DMs only: no edits, bots or channel messages', () => {
    const base = { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi' };
    expect(messageEvent('T1', 'Ev1', base)).toMatchObject({ type: 'message', id: 'event:Ev1', text: 'hi', where: { kind: 'dm' } });
    expect(messageEvent('T1', 'Ev2', { ...base, subtype: 'message_changed' })).toBeNull();
    expect(messageEvent('T1', 'Ev3', { ...base, bot_id: 'B1' })).toBeNull();
    expect(messageEvent('T1', 'Ev4', { ...base, channel_type: 'channel' })).toBeNull();
  });

  it('reads buttons, selects and a multi-select submit; ignores picking and foreign actions', () => {
    const click = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      actionEvent({ user, team: { id: 'T1' }, trigger_id: 'tr.2', channel: { id: 'D1' }, actions: [action as never], ...extra });
    expect(click({ type: 'button', block_id: 'intake:u1|1', action_id: 'prompt:6', value: '7', text: { text: '7' } })).toMatchObject({
      event: { type: 'action', id: 'action:tr.2', promptId: 'intake:u1', value: '7', where: { kind: 'dm' } },
      label: '7',
    });
    expect(click({ type: 'datepicker', block_id: 'intake:u3', action_id: 'prompt:date', selected_date: '2027-01-10' })).toMatchObject({
      event: { promptId: 'intake:u3', value: '2027-01-10' },
      label: '2027-01-10',
    });
    expect(click({ type: 'static_select', block_id: 'p:1', action_id: 'prompt:select0', selected_option: { value: 'v', text: { text: 'Vee' } } })).toMatchObject({
      event: { value: 'v' },
      label: 'Vee',
    });
    const state = { values: { 'p:2': { 'prompt:pick': { selected_options: [{ value: 'a', text: { text: 'A' } }] } }, 'p:2|1': { 'prompt:pick': { selected_options: [{ value: 'b' }] } }, other: {} } };
    expect(click({ type: 'button', block_id: 'p:2|2', action_id: 'prompt:submit', value: 'submit' }, { state })).toMatchObject({
      event: { promptId: 'p:2', value: ['a', 'b'] },
      label: 'A, b',
    });
    expect(click({ type: 'multi_static_select', block_id: 'p:2', action_id: 'prompt:pick' })).toBeNull();
    expect(click({ type: 'button', block_id: 'x', action_id: 'other' })).toBeNull();
  });

  it('names a view submission by view id and hash, with values by field', () => {
    const event = formEvent({
      team: null,
      user,
      view: { id: 'V1', hash: 'h1', callback_id: 'intake:f', state: { values: { goals: { value: { value: 'grow' } }, tz: { value: { value: null } } } } },
    });
    expect(event).toMatchObject({ type: 'form', id: 'form:V1:h1', formId: 'intake:f', values: { goals: 'grow', tz: '' }, actor: { workspace: 'T1' } });
  });

  it('puts a refusal on the field it names, else on the first field', () => {
    expect(fieldErrors(['rating', 'notes'], 'notes: Too long.')).toEqual({ notes: 'Too long.' });
    expect(fieldErrors(['rating', 'notes'], 'Note: this is general.')).toEqual({ rating: 'Note: this is general.' });
    expect(fieldErrors([], 'x')).toEqual({});
  });
});
