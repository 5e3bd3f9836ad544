import type { DeliveryKind } from './delivery-kind.js';

/** A stored payload checked against its kind's schema: the payload, or why it is refused. */
export type ParsedDelivery =
  | { ok: true; kind: DeliveryKind; payload: unknown }
  | { ok: false; code: 'unknown_kind' | 'invalid_payload'; reason: string };

/**
 * The delivery kinds a worker knows, by type. Capabilities register theirs; the worker looks a
 * row's kind up here and calls it, so adding a kind touches no central switch.
 */
export class DeliveryRegistry {
  private readonly kinds = new Map<string, DeliveryKind>();

  constructor(kinds: Iterable<DeliveryKind> = []) {
    for (const k of kinds) this.register(k);
  }

  /** Adds a kind; a second kind of the same type is refused (two deliveries for one row). */
  register<P>(kind: DeliveryKind<P>): this {
    if (!/^[a-z][a-z0-9_.-]*$/.test(kind.type)) throw new Error(`Delivery kind type "${kind.type}" must be lower-case words`);
    if (this.kinds.has(kind.type)) throw new Error(`A delivery kind of type ${kind.type} is already registered`);
    this.kinds.set(kind.type, kind as unknown as DeliveryKind);
    return this;
  }

  get(type: string): DeliveryKind | undefined {
    return this.kinds.get(type);
  }

  /** Like `get`, for code that cannot go on without the kind (enqueueing a known type). */
  require(type: string): DeliveryKind {
    const kind = this.kinds.get(type);
    if (!kind) throw new Error(`No delivery kind of type ${type} is registered`);
    return kind;
  }

  types(): string[] {
    return [...this.kinds.keys()];
  }

  /** Checks a stored payload (a JSON value, or its text) against the schema of `type`. */
  parse(type: string, stored: unknown): ParsedDelivery {
    const kind = this.kinds.get(type);
    if (!kind) return { ok: false, code: 'unknown_kind', reason: `no delivery kind of type "${type}" is registered` };
    const parsed = kind.schema.safeParse(typeof stored === 'string' ? safeJson(stored) : stored);
    if (!parsed.success) return { ok: false, code: 'invalid_payload', reason: 'the stored payload is malformed' };
    return { ok: true, kind, payload: parsed.data };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
