import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Fields that may hold personal data: answers, names, message text, contact details.
 * Logs are for operating the bot, so these are censored wherever they appear (two levels deep).
 */
export const REDACTED_FIELDS = [
  'text',
  'answer',
  'answers',
  'values',
  'displayName',
  'name',
  'email',
  'args',
  'reason',
  'token',
  'authorization',
];

const redactPaths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: (value: unknown) => serializeError(value) },
      hooks: {
        // `log.error(err)` would make the error's raw message the line's `msg`; move it under `err`.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (!(first instanceof Error)) return method.apply(this, args);
          return method.apply(this, [{ err: first }, ...(rest.length > 0 ? rest : ['error'])] as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

type Fields = Record<string, unknown>;

/** PostgreSQL's own fields that name things, never values (PGlite's names, then postgres.js's). */
const NAMES: [string, string[]][] = [
  ['constraint', ['constraint', 'constraint_name']],
  ['table', ['table', 'table_name']],
  ['column', ['column', 'column_name']],
  ['schema', ['schema', 'schema_name']],
  ['routine', ['routine']],
];

/** An error from PGlite or postgres.js: a five-character SQLSTATE and a severity. */
const isDatabaseError = (e: Fields): boolean => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';

const IDENT = String.raw`((?:"[^"]*"|\w+)(?:\.(?:"[^"]*"|\w+))?)`;
const STATEMENTS: RegExp[] = ['insert into', 'update', 'delete from', String.raw`select\b.*?\bfrom`].map((verb) => new RegExp(`^(${verb})\\s+${IDENT}`, 'is'));

/** The first words of a statement, `insert into "run_answers"`: its verb and table, never its values. */
export function statementOf(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  const q = query.replace(/\s+/g, ' ').trim();
  for (const pattern of STATEMENTS) {
    const m = pattern.exec(q);
    if (m) return `${m[1]!.toLowerCase().replace(/^select .* from$/, 'select … from')} ${m[2]}`;
  }
  return /^\w+/.exec(q)?.[0]?.toLowerCase();
}

/**
 * What an error's message may say in a log. Drizzle's `Failed query: <sql> params: <values>`
 * keeps only its first words (the statement goes in `statement`). PostgreSQL and JSON.parse
 * quote the offending value (`invalid input syntax for type uuid: "…"`), so their quoted
 * strings go, except the names the error itself reports (constraint, table, column).
 */
function safeMessage(e: Fields, names: Set<string>): string {
  let text = typeof e.message === 'string' ? e.message : '';
  text = text.replace(/Failed query:[\s\S]*/, 'Failed query').replace(/\nparams:[\s\S]*/, '');
  if (isDatabaseError(e) || e instanceof SyntaxError) text = text.replace(/"((?:[^"\\]|\\.)*)"/g, (all, inner: string) => (names.has(inner) ? all : '"…"'));
  return text.slice(0, 300);
}

/**
 * The `err` serializer. Keeps an error's class, message (made safe), code (SQLSTATE or the
 * platform's), the constraint/table/column names, the statement's first words, stack frames
 * and its causes. Drops everything else: drizzle's `params`, PostgreSQL's `detail`, `where` and
 * `hint` (they quote the row), the full query, and any request bodies a client library attaches.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return safeMessage({ message: value }, new Set());
  if (!value || typeof value !== 'object') return value;
  const e = value as Fields;
  const db = isDatabaseError(e);
  const out: Fields = {};
  const ctor = (value as object).constructor?.name;
  // PGlite's error class is minified; say what it is.
  out.type = db && (!ctor || ctor.length < 3) ? 'DatabaseError' : ctor || (typeof e.name === 'string' ? e.name : 'Error');
  const cause = e.cause ?? e.original;
  const causeFields = cause && typeof cause === 'object' && isDatabaseError(cause as Fields) ? (cause as Fields) : undefined;
  const names = new Set<string>();
  for (const [key, aliases] of NAMES) {
    for (const source of [e, causeFields]) {
      const name = aliases.map((a) => source?.[a]).find((v) => typeof v === 'string');
      if (typeof name === 'string' && out[key] === undefined) {
        out[key] = name;
        names.add(name);
      }
    }
  }
  out.message = safeMessage(e, names);
  const code = e.code ?? (e.options as Fields | undefined)?.code ?? causeFields?.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (typeof e.status === 'number') out.status = e.status;
  const statement = statementOf(e.query) ?? statementOf(causeFields?.query);
  if (statement) out.statement = statement;
  if (depth === 0 && typeof e.stack === 'string') {
    // The stack's first lines repeat the message; only the frames are kept.
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${String(out.type)}: ${String(out.message)}`, ...frames].join('\n');
  }
  if (depth < 3 && cause !== undefined) out.cause = serializeError(cause, depth + 1);
  if (depth < 3 && Array.isArray(e.errors)) out.errors = e.errors.slice(0, 5).map((x) => serializeError(x, depth + 1));
  return out;
}
