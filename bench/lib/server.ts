// Starts opsboard (or the raw ws baseline) as a child process on 127.0.0.1 and talks to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inspectorUrl, isInspectorNotice } from './inspector.ts';
import { sleep } from './stats.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN = { email: 'admin@opsboard.example', password: 'bench-admin-password' };

export interface Child {
  name: string;
  url: string;
  proc: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  /** The V8 inspector's WebSocket URL (a random loopback port), used to force a full GC before memory samples; absent when BENCH_SERVER_NODE_ARGS brings its own --inspect. */
  inspector?: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

let warnedOwnInspector = false;

async function waitForHttp(url: string, proc: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${url}: the process exited with ${proc.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function spawnChild(name: string, script: string, port: number, env: Record<string, string>, probe: string): Promise<Child> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", goes to the server processes' node.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  // The benchmark's own inspector on a random loopback port, for forced GCs before memory samples; an
  // --inspect of the user's (in BENCH_SERVER_NODE_ARGS or NODE_OPTIONS) takes its place, without them.
  const ownInspector = [...nodeArgs, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith('--inspect'));
  if (ownInspector && !warnedOwnInspector) {
    warnedOwnInspector = true;
    console.warn('[bench] the servers run with your --inspect: memory per connection is measured without a forced GC (rssBytesPerConnectionNoGc only)');
  }
  const proc = spawn(process.execPath, [...nodeArgs, ...(ownInspector ? [] : ['--inspect=127.0.0.1:0']), '--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const child: Child = {
    name,
    url,
    proc,
    pid: proc.pid!,
    exited,
    async kill(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 25_000);
      await exited;
      clearTimeout(timer);
    },
  };
  // The server's stderr goes on to the benchmark's, but for the notices of the benchmark's own inspector.
  createInterface({ input: proc.stderr!, crlfDelay: Infinity }).on('line', (line) => {
    if (!ownInspector && isInspectorNotice(line)) {
      child.inspector ??= inspectorUrl(line);
      return;
    }
    process.stderr.write(`${line}\n`);
  });
  return waitForHttp(`${url}${probe}`, proc).then(() => {
    if (!ownInspector && !child.inspector) console.warn(`[bench] ${name}: no inspector URL on stderr; memory per connection without a forced GC`);
    return child;
  });
}

export function startOpsboard(name: string, port: number, env: Record<string, string>): Promise<Child> {
  return spawnChild(
    name,
    'server/src/main.ts',
    port,
    {
      OPSBOARD_DEMO_DATA: 'false',
      OPSBOARD_JOBS: 'false',
      OPSBOARD_ADMIN_EMAIL: ADMIN.email,
      OPSBOARD_ADMIN_PASSWORD: ADMIN.password,
      OPSBOARD_RATE_LIMIT_LOGIN: '1000/60',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      // As `pnpm start` and `pnpm start:prod` run it (README, "Configuration").
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      ...env,
    },
    '/healthz',
  );
}

export function startRawServer(port: number, env: Record<string, string>): Promise<Child> {
  return spawnChild('raw-ws', 'bench/raw-server.ts', port, env, '/');
}

/** The peer: graphql-yoga with stock graphql-ws `useServer`, fed from the same event table and Redis channel. */
export function startPeerServer(port: number, env: Record<string, string>): Promise<Child> {
  return spawnChild('peer', 'bench/peer-server.ts', port, env, '/graphql?query=%7Bok%7D');
}

export async function gql<T = unknown>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function loginAdmin(url: string): Promise<string> {
  const data = await gql<{ login: { token: string } }>(url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
    e: ADMIN.email,
    p: ADMIN.password,
  });
  return data.login.token;
}

/** Reads one value from the server's /metrics (first sample of that name). */
export async function scrape(url: string, name: string): Promise<number | undefined> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.text())
    .catch(() => '');
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}
