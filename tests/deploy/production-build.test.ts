// The production build, for real, on a copy of this checkout (its tracked files plus new ones not yet
// committed, as a fresh clone would have them): `pnpm build`; `pnpm start` running the build without
// building again, its second start serving /healthz with nothing rebuilt (how fast is a figure it prints, not a
// pass/fail rule: speed is measured, not timed in a test); a source change rebuilding the server
// and nothing else; and after `pnpm install --prod` (no devDependencies: no tsx, TypeScript, esbuild,
// Vite or Prisma CLI) the documented production command serving /healthz and the web app.
// Installs from pnpm's store (--offline), so it needs the store that `pnpm install` filled.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'opsboard-deploy-'));
const figures: Record<string, string> = {};

// The child processes get the environment of a person at a shell, not the test runner's: in particular
// no NODE_PATH (pnpm's bin shims point it at this checkout's packages, devDependencies included).
const inherited = /^(VITEST|NODE_ENV$|NODE_PATH$|NODE_OPTIONS$|INIT_CWD$|OPSBOARD_|npm_|PNPM_|pnpm_)/i;
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !inherited.test(key)));
env.CI = 'true';

function run(command: string, args: string[]): { output: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: copy, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? result.status}):\n${output}`);
  return { output, seconds: (performance.now() - started) / 1000 };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Started {
  base: string;
  /** From the command's start to the first 200 from /healthz. */
  seconds: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs a command that starts the server (in its own process group) and waits for /healthz. */
async function start(command: string, args: string[]): Promise<Started> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: copy,
    detached: true,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // A real installation, without the demo data's seeding, and a cheap password hash for the admin.
      OPSBOARD_DEMO_DATA: 'false',
      OPSBOARD_ADMIN_PASSWORD: 'deploy-check-password',
      OPSBOARD_SCRYPT_COST: '1024',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > 90_000) throw new Error(`no /healthz within 90 s:\n${output}`);
      const ok = await fetch(`${base}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, seconds: (performance.now() - started) / 1000, output: () => output, stop };
}

const mtime = (path: string) => statSync(join(copy, path)).mtimeMs;
const builtFiles = ['server/dist/main.js', 'prisma/dist/index.js', 'web/dist/index.html', 'server/dist/.build-stamp', 'web/dist/.build-stamp'];

beforeAll(() => {
  // The files a clone of this checkout would have, with the uncommitted changes.
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(repo, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repo, file), join(copy, file));
  }
  figures.install = `${run('pnpm', ['install', '--frozen-lockfile', '--offline']).seconds.toFixed(1)} s`;
}, 240_000);

afterAll(() => {
  console.log(`production build figures: ${JSON.stringify(figures)}`);
  rmSync(copy, { recursive: true, force: true });
}, 60_000);

describe('the production build', () => {
  it('pnpm build compiles the server and builds the web app', () => {
    const { output, seconds } = run('pnpm', ['build']);
    figures.build = `${seconds.toFixed(1)} s`;
    expect(output).toMatch(/server: built in/);
    expect(output).toMatch(/web: built in/);
    for (const file of builtFiles) expect(existsSync(join(copy, file)), file).toBe(true);
  }, 180_000);

  it('pnpm start runs that build as it is, and a second start serves /healthz without building anything', async () => {
    const before = Object.fromEntries(builtFiles.map((file) => [file, mtime(file)]));
    const first = await start('pnpm', ['start']);
    figures.firstStart = `${first.seconds.toFixed(1)} s`;
    await first.stop();
    expect(first.output()).toMatch(/server: up to date/);
    expect(first.output()).toMatch(/web: up to date/);

    const second = await start('pnpm', ['start']);
    figures.secondStart = `${second.seconds.toFixed(1)} s`;
    try {
      expect(second.output()).toMatch(/server: up to date/);
      expect(second.output()).toMatch(/web: up to date/);
      const health = await fetch(`${second.base}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });
    } finally {
      await second.stop();
    }
    // Nothing was written again.
    expect(Object.fromEntries(builtFiles.map((file) => [file, mtime(file)]))).toEqual(before);
  }, 180_000);

  it('pnpm start rebuilds the server, and only the server, once a server source changed', async () => {
    const web = mtime('web/dist/index.html');
    const server = mtime('server/dist/main.js');
    appendFileSync(join(copy, 'server/src/main.ts'), '\nconsole.log("rebuilt since the last start");\n');
    const started = await start('pnpm', ['start']);
    figures.startAfterServerChange = `${started.seconds.toFixed(1)} s`;
    await started.stop();
    expect(started.output()).toMatch(/server: building, as its sources changed/);
    expect(started.output()).toMatch(/web: up to date/);
    expect(started.output()).toContain('rebuilt since the last start');
    expect(mtime('server/dist/main.js')).toBeGreaterThan(server);
    expect(mtime('web/dist/index.html')).toBe(web);
  }, 180_000);

  it('after pnpm install --prod, pnpm start:prod serves /healthz and the web app without any devDependency', async () => {
    const { seconds } = run('pnpm', ['install', '--prod', '--frozen-lockfile', '--offline', '--config.confirmModulesPurge=false']);
    figures.prodInstall = `${seconds.toFixed(1)} s`;
    for (const devOnly of [
      'node_modules/tsx',
      'node_modules/typescript',
      'node_modules/esbuild',
      'server/node_modules/tsx',
      'prisma/node_modules/prisma',
      'web/node_modules/vite',
    ]) {
      expect(existsSync(join(copy, devOnly)), devOnly).toBe(false);
    }
    expect(readFileSync(join(copy, 'package.json'), 'utf8')).toContain(
      '"start:prod": "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} node --enable-source-maps server/dist/main.js"',
    );

    const prod = await start('pnpm', ['start:prod']);
    figures.prodStart = `${prod.seconds.toFixed(1)} s`;
    try {
      const health = await fetch(`${prod.base}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

      const page = await fetch(`${prod.base}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<title>opsboard</title>');
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${prod.base}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);

      // GraphQL works: the admin from OPSBOARD_ADMIN_PASSWORD signs in, through Prisma and the migrated database.
      const login = await fetch(`${prod.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
          variables: { email: 'admin@opsboard.example', password: 'deploy-check-password' },
        }),
      });
      const body = (await login.json()) as { data?: { login?: { token?: string } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data?.login?.token).toMatch(/\S{20,}/);
    } finally {
      await prod.stop();
    }
  }, 180_000);
});
