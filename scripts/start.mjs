/**
 * `npm start`: runs src/main.ts as JavaScript compiled ahead, not through tsx's loader, which
 * costs seconds at every start. src/ and adapters/ are compiled file by file with esbuild (the
 * one tsx ships) into a cache directory keyed by their content, once per change; later starts
 * only hash the sources and import the compiled main.js. The compiled tree mirrors the project
 * (so `src/domain` still discovers its modules) and links back to migrations/, examples/ and node_modules/.
 * When the cache cannot be written, it falls back to tsx.
 *
 * The cache is MENTORBOT_CACHE_DIR, else node_modules/.cache/mentorbot: deleting it is always safe.
 *
 * Before any of that, PGlite's WebAssembly starts compiling (preloadPglite), so that it overlaps
 * with loading the app rather than following it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bump when the compile options below change. */
const FORMAT = 2;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'adapters'];
const STALE_MS = 7 * 86_400_000;
/** Packages of many small files, bundled; the others load from node_modules as usual. */
const BUNDLED = new Set(['drizzle-orm', 'zod', 'yaml']);
const require = createRequire(import.meta.url);

function cacheDir() {
  return process.env.MENTORBOT_CACHE_DIR?.trim() || join(ROOT, 'node_modules', '.cache', 'mentorbot');
}

/** Every .ts file under the source folders, as sorted project-relative paths. */
function sources() {
  const walk = (dir) => readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
  return SOURCE_DIRS.flatMap(walk).sort();
}

/**
 * Changes with any source file's name or content, tsconfig.json, the project's location, the
 * versions of esbuild and of the bundled packages, and FORMAT.
 */
function buildKey(files, esbuildVersion) {
  const hash = createHash('sha256').update(`format ${FORMAT}\nroot ${ROOT}\nesbuild ${esbuildVersion}\n`);
  for (const name of [...BUNDLED].sort()) hash.update(`${name} ${packageVersion(name, require.resolve(name))}\n`);
  hash.update(readFileSync(join(ROOT, 'tsconfig.json')));
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function esbuildPath() {
  // tsx depends on esbuild; resolving it from tsx finds it wherever npm placed it.
  return createRequire(require.resolve('tsx')).resolve('esbuild');
}

/** The installed version of package name, given a file inside it. */
function packageVersion(name, file) {
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const dir = file.slice(0, file.lastIndexOf(marker) + marker.length);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/**
 * Compiles into a temporary directory renamed into place, so a start never sees half a build.
 * One bundle per entry (main, and each capability's module.ts, which src/domain/modules.ts finds
 * by reading the folders), with shared code in chunks/: hundreds of small files (ours, and
 * drizzle-orm's, zod's and yaml's) would each cost a module load at every start. Other
 * packages stay in node_modules. `import.meta.url` in a source is the URL its compiled file
 * would have in a mirror of the project, so paths relative to it (../../migrations) still hold.
 */
async function compile(out, files, esbuild) {
  const { build } = await import(pathToFileURL(esbuild).href);
  const temp = `${out}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const metaUrl = {
    name: 'import-meta-url',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url') || relative(ROOT, args.path).startsWith('..')) return undefined;
        const url = pathToFileURL(join(out, relative(ROOT, args.path).replace(/\.ts$/, '.js'))).href;
        return { contents: source.replaceAll('import.meta.url', JSON.stringify(url)), loader: 'ts' };
      });
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
  try {
    await build({
      entryPoints: files.filter((file) => file === join('src', 'main.ts') || /^src[/\\]domain[/\\][^/\\]+[/\\]module\.ts$/.test(file)).map((file) => join(ROOT, file)),
      outdir: temp,
      outbase: ROOT,
      bundle: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Bundled CommonJS (yaml) requires Node's built-ins.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      tsconfig: join(ROOT, 'tsconfig.json'),
      plugins: [metaUrl],
      logLevel: 'silent',
    });
    // Paths the sources resolve from their own location: ../../migrations, and packages.
    symlinkSync(join(ROOT, 'migrations'), join(temp, 'migrations'), 'dir');
    // The instrument library that program files include surveys from (examples/instruments/).
    symlinkSync(join(ROOT, 'examples'), join(temp, 'examples'), 'dir');
    if (relative(join(ROOT, 'node_modules'), out).startsWith('..')) symlinkSync(join(ROOT, 'node_modules'), join(temp, 'node_modules'), 'dir');
    renameSync(temp, out);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    // Another start finished the same build first: use it.
    if (!existsSync(join(out, 'src', 'main.js'))) throw err;
  }
  prune(dirname(out), out);
}

/** Removes builds unused for a week, and what an interrupted build left. */
function prune(dir, keep) {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.startsWith('build-')) continue;
    try {
      const age = now - statSync(path).mtimeMs;
      if (age > STALE_MS || (name.endsWith('.tmp') && age > 3_600_000)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another start.
    }
  }
}

async function compiledMain() {
  const esbuild = esbuildPath();
  const files = sources();
  const out = join(cacheDir(), `build-${buildKey(files, packageVersion('esbuild', esbuild))}`);
  const main = join(out, 'src', 'main.js');
  if (existsSync(main)) {
    const now = new Date();
    try {
      utimesSync(out, now, now);
    } catch {
      // A read-only cache still serves.
    }
  } else {
    mkdirSync(dirname(out), { recursive: true });
    await compile(out, files, esbuild);
  }
  return main;
}

/**
 * PGlite's WebAssembly (9 MB) takes a few hundred milliseconds to compile, on V8's background
 * threads. Compiling it here, first, lets that run while the app and its program files load;
 * src/db/pglite-image.ts takes the compiled module when it opens the database (takePglitePreload,
 * which also checks it comes from the same copy of PGlite). Only a file is read: nothing is
 * opened, so a start that stops on a bad setting has touched nothing. Skipped when DATABASE_URL
 * is set (PostgreSQL; config.ts reads it the same way). If it fails, PGlite compiles its own.
 */
/* global WebAssembly */
function preloadPglite() {
  if (process.env.DATABASE_URL?.trim()) return;
  let dist;
  let bytes;
  try {
    dist = dirname(require.resolve('@electric-sql/pglite'));
    // Read at once: a few milliseconds, where fs.promises takes tens in 512 kB steps.
    bytes = readFileSync(join(dist, 'pglite.wasm'));
  } catch {
    return;
  }
  const preload = WebAssembly.compile(bytes).then((pgliteWasmModule) => ({ dist, pgliteWasmModule }));
  // A failure is not an unhandled rejection here: takePglitePreload sees it and does without.
  preload.catch(() => undefined);
  globalThis[Symbol.for('mentorbot.pglitePreload')] = preload;
}

preloadPglite();
let main;
try {
  main = await compiledMain();
} catch (err) {
  process.stderr.write(`mentorbot: cannot compile into ${cacheDir()} (${err instanceof Error ? err.message : String(err)}); running through tsx\n`);
}
if (main) {
  await import(pathToFileURL(main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, 'src', 'main.ts')).href);
}
