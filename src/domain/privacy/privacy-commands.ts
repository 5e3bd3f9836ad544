import type { CommandDef, FlowHandler } from '../../core/bot.js';
import { message } from '../../core/render.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { openPrompt, takeAnswer } from '../conversation/prompts.js';
import type { CapabilityDeps } from '../capability.js';
import { erasePersonalData, exportPersonalData } from './personal-data.js';

export const PRIVACY_FLOW = 'privacy';

function readableValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 16).replace('T', ' ');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 16).replace('T', ' ');
  if (Array.isArray(value)) return value.map(readableValue).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** One stored row as a line a person can read: its fields that hold something, in words. */
function readableRow(row: unknown): string {
  return Object.entries(row as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${readableValue(v)}`)
    .join('; ');
}

/** `/mentor privacy export`: a copy of everything stored about me, in a DM. */
export const privacyExportCommand = (deps: CapabilityDeps): CommandDef => ({
  path: ['privacy', 'export'],
  summary: 'Get a copy of everything stored about you',
  access: 'anyone',
  args: [],
  async run(ctx) {
    const data = await exportPersonalData(ctx.db, deps.personalData(), ctx.principal.personId);
    const now = ctx.clock.now();
    const sections = Object.entries(data).map(([title, rows]) => ({ title, text: rows.length === 0 ? 'nothing stored' : rows.map(readableRow).join('\n') }));
    const key = `privacy-export:${ctx.principal.personId}:${now.getTime()}`;
    await enqueueDirect(ctx.db, { key, personId: ctx.principal.personId, message: message('Everything mentorbot stores about you:', { sections }), at: now });
    // The same, machine-readable, for taking elsewhere.
    await enqueueDirect(ctx.db, {
      key: `${key}:json`,
      personId: ctx.principal.personId,
      message: message('The same data as JSON, to save or take elsewhere:', { sections: [{ text: `\`\`\`json\n${JSON.stringify(data)}\n\`\`\`` }] }),
      at: now,
    });
    ctx.reply('I have sent you a copy of your data in a direct message.');
  },
});

/** `/mentor privacy erase`: asks first, then erases in one go. */
export const privacyEraseCommand: CommandDef = {
  path: ['privacy', 'erase'],
  summary: 'Erase your data (asks you to confirm)',
  access: 'anyone',
  args: [],
  async run(ctx) {
    const prompt = await openPrompt(ctx.db, {
      personId: ctx.principal.personId,
      programId: ctx.principal.programId,
      flow: PRIVACY_FLOW,
      now: ctx.clock.now(),
      spec: {
        kind: 'choice',
        question: 'Erase your data? Your answers, applications and roles are deleted and you leave the program. Records of consent and of coordinators’ decisions are kept without your name.',
        choices: [
          { value: 'erase', label: 'Yes, erase my data' },
          { value: 'keep', label: 'No, keep it' },
        ],
      },
    });
    ctx.reply({ text: 'This cannot be undone.', prompt });
  },
};

export const privacyFlow = (deps: CapabilityDeps): FlowHandler => ({
  async onAction(ctx) {
    const { value } = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
    if (value !== 'erase') return ctx.reply('Nothing was erased.');
    await erasePersonalData(ctx.db, deps.personalData(), ctx.principal.personId, ctx.clock.now());
    ctx.reply('Your data has been erased. If you write to the bot again, it will not know you.');
  },
});
