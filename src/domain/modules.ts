import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CapabilityModule } from './capability.js';

const DOMAIN_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Finds every capability: each folder here with a `module.ts` (or the compiled `module.js`)
 * whose default export is its module. Folders are read in name order; help lists commands by
 * each module's `order`, so nothing here ranks them.
 */
async function discoverModules(): Promise<CapabilityModule[]> {
  const found: CapabilityModule[] = [];
  for (const entry of readdirSync(DOMAIN_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = ['module.ts', 'module.js'].map((f) => join(DOMAIN_DIR, entry.name, f)).find((f) => existsSync(f));
    if (!file) continue;
    const loaded = (await import(pathToFileURL(file).href)) as { default?: CapabilityModule };
    if (!loaded.default?.name) throw new Error(`${file} must export a capability module as its default export`);
    found.push(loaded.default);
  }
  return found.sort((a, b) => (a.order ?? 1000) - (b.order ?? 1000));
}

export const capabilityModules: readonly CapabilityModule[] = await discoverModules();
