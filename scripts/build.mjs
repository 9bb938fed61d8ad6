// Builds what production runs: the server (server/dist/main.js, with the database package in
// prisma/dist) and the web app (web/dist).
//
//   node scripts/build.mjs              build both (`pnpm build`)
//   node scripts/build.mjs --if-needed  build only a part whose sources changed since its last build (`pnpm start`)
//
// A part is up to date when the SHA-256 of its inputs' contents equals the one its last successful
// build wrote next to its output (`.build-stamp`). Contents, not modification times: a fresh clone,
// a checkout or a copy touches every file without changing one, and hashing the few MB of sources
// takes well under a second.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = '.build-stamp';

/** What each part is built from (files or folders, from the repository root) and where it goes. */
export const parts = {
  server: {
    inputs: [
      'server/src',
      'server/package.json',
      'prisma/src',
      'prisma/generated',
      'prisma/schema.prisma',
      'prisma/package.json',
      'pnpm-lock.yaml',
      'scripts/build.mjs',
    ],
    outputs: ['server/dist/main.js', 'prisma/dist/index.js', 'prisma/dist/pothos-types.js'],
    stampDir: 'server/dist',
  },
  web: {
    // web/src/graphql-env.d.ts (written by gql.tada from server/schema.graphql) only gives types.
    inputs: ['web', 'pnpm-lock.yaml', 'scripts/build.mjs'],
    ignore: ['web/src/graphql-env.d.ts'],
    outputs: ['web/dist/index.html'],
    stampDir: 'web/dist',
  },
};

/** Folders and files that are never inputs: installed packages, build output, caches, tests. */
function skipped(name) {
  return name === 'node_modules' || name === 'dist' || name.startsWith('.') || /\.test\.tsx?$/.test(name);
}

function listFiles(root, path, ignore, out) {
  const full = join(root, path);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    if (!ignore.includes(path)) out.push(path);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (skipped(entry.name)) continue;
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory()) listFiles(root, child, ignore, out);
    else if (entry.isFile() && !ignore.includes(child)) out.push(child);
  }
}

/** SHA-256 over the inputs' paths and contents, in path order; a missing input counts as absent. */
export function hashInputs(root, part) {
  const files = [];
  for (const input of part.inputs) listFiles(root, input, part.ignore ?? [], files);
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return { hash: hash.digest('hex'), files: files.length };
}

function readStamp(root, part) {
  try {
    return JSON.parse(readFileSync(join(root, part.stampDir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why a part must be built, or undefined when its output is there and was built from these very inputs. */
export function staleReason(root, part, hash) {
  const missing = part.outputs.find((output) => !existsSync(join(root, output)));
  if (missing) return `${missing} is missing`;
  const stamp = readStamp(root, part);
  if (!stamp) return 'it has no build stamp';
  if (stamp.hash !== hash) return 'its sources changed';
  return undefined;
}

const LOCK = 'node_modules/.cache/opsboard-build.lock';

function lockHolder(lock) {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

function lockAge(lock) {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `work` holding the build lock (a folder, created atomically), so that servers started together
 * build once: the others wait and then find the parts up to date. A lock whose process is gone is taken over.
 */
async function withLock(root, work, log) {
  const lock = join(root, LOCK);
  mkdirSync(dirname(lock), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = lockHolder(lock);
      const abandoned = holder === undefined ? lockAge(lock) > 10_000 : holder !== process.pid && !isRunning(holder);
      if (abandoned) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waiting) log(`waiting for the build that process ${holder ?? '?'} is running`);
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the named parts (all when `ifNeeded` is false, otherwise only the stale ones) with `builders`
 * and stamps each one that built. The stamp is removed first, so a failed build is retried next time.
 * Returns the names of the parts it built.
 */
export function build({ root, names = Object.keys(parts), ifNeeded = false, builders, log = console.log }) {
  return withLock(root, () => buildUnlocked({ root, names, ifNeeded, builders, log }), log);
}

async function buildUnlocked({ root, names, ifNeeded, builders, log }) {
  const built = [];
  for (const name of names) {
    const part = parts[name];
    const { hash, files } = hashInputs(root, part);
    const reason = ifNeeded ? staleReason(root, part, hash) : 'a build was asked for';
    if (!reason) {
      log(`${name}: up to date (${files} files, sha256 ${hash.slice(0, 12)})`);
      continue;
    }
    log(`${name}: building, as ${reason}`);
    const started = performance.now();
    rmSync(join(root, part.stampDir, STAMP), { force: true });
    await builders[name](root);
    mkdirSync(join(root, part.stampDir), { recursive: true });
    writeFileSync(join(root, part.stampDir, STAMP), `${JSON.stringify({ hash, files, builtAt: new Date().toISOString() })}\n`);
    log(`${name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    built.push(name);
  }
  return built;
}

/**
 * The server as two ES module bundles, with every npm package left as an import (they stay in
 * node_modules, where `pnpm install --prod` puts them):
 * - prisma/dist: @opsboard/db and its generated Prisma client. It sits in the db package so that its
 *   packages (PGlite, the adapters, the Prisma runtime, the schema engine) resolve from the db
 *   package's node_modules, where pnpm links them, and so that migrations are found in prisma/migrations.
 * - server/dist/main.js: the server, importing the db bundle by its relative path.
 */
async function buildServer(root) {
  const esbuild = await import('esbuild');
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  };
  rmSync(join(root, 'prisma/dist'), { recursive: true, force: true });
  rmSync(join(root, 'server/dist'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { index: 'prisma/src/index.ts', 'pothos-types': 'prisma/generated/pothos-types.ts' },
    outdir: 'prisma/dist',
    splitting: true,
  });
  const dbEntries = { '@opsboard/db': 'index.js', '@opsboard/db/pothos-types': 'pothos-types.js' };
  await esbuild.build({
    ...common,
    entryPoints: ['server/src/main.ts'],
    outfile: 'server/dist/main.js',
    plugins: [
      {
        name: 'opsboard-db',
        setup(b) {
          b.onResolve({ filter: /^@opsboard\/db(\/.*)?$/ }, (args) => {
            const entry = dbEntries[args.path];
            if (!entry) return { errors: [{ text: `${args.path} is not built into prisma/dist` }] };
            return { path: `../../prisma/dist/${entry}`, external: true };
          });
        },
      },
    ],
  });
}

/**
 * The web app with Vite alone: type checking is `pnpm typecheck`'s work (and the web package's own
 * `build` script's), not something every start should wait for.
 */
function buildWeb(root) {
  const run = spawnSync('pnpm', ['--filter', '@opsboard/web', 'exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the web build failed (${run.error?.message ?? `exit code ${run.status}`})`);
}

export const builders = { server: buildServer, web: buildWeb };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.find((n) => !(n in parts));
  if (unknown) {
    console.error(`unknown part "${unknown}"; the parts are ${Object.keys(parts).join(', ')}`);
    process.exit(2);
  }
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    await build({ root, names: names.length ? names : undefined, ifNeeded: args.includes('--if-needed'), builders });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
