import { createHash } from 'node:crypto';
import type { ProgramDefinition } from './definition.js';

/** The program definitions this process was started with, by slug; the first is the default. */
export class ProgramCatalog {
  private readonly bySlug = new Map<string, { definition: ProgramDefinition; hash: string }>();

  constructor(definitions: readonly ProgramDefinition[]) {
    if (definitions.length === 0) throw new Error('At least one program definition is needed');
    for (const definition of definitions) {
      const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
      this.bySlug.set(definition.slug, { definition, hash });
    }
  }

  all(): { definition: ProgramDefinition; hash: string }[] {
    return [...this.bySlug.values()];
  }

  get defaultSlug(): string {
    return this.all()[0]!.definition.slug;
  }

  /** The definition loaded under this hash, if it is one of this process's. */
  byHash(hash: string): ProgramDefinition | undefined {
    return this.all().find((p) => p.hash === hash)?.definition;
  }

  hashOf(slug: string): string {
    const entry = this.bySlug.get(slug);
    if (!entry) throw new Error(`Program ${slug} is not loaded`);
    return entry.hash;
  }

  get(slug: string | null): ProgramDefinition | undefined {
    return slug === null ? undefined : this.bySlug.get(slug)?.definition;
  }

  /** For handlers that only make sense inside a program. */
  require(slug: string | null): ProgramDefinition {
    const definition = this.get(slug);
    if (!definition) throw new Error(`Program ${slug ?? '(none)'} is not loaded`);
    return definition;
  }
}
