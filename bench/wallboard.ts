// pnpm bench:wallboard — the TV wallboard in headless Chromium: JavaScript size of the route (gzip),
// time from navigation to the first live data, and the browser heap under a steady event stream.
//
//   BENCH_WALLBOARD_SECONDS   600  how long the event stream runs (the heap is compared at the end)
//   BENCH_WALLBOARD_WARMUP    60   seconds of the stream before the baseline heap is taken
//   BENCH_WALLBOARD_RATE      5    changes per second (ticket created / moved, alternating)
//   BENCH_WALLBOARD_LOADS     5    cold page loads timed for "first live data"
//
// Needs `pnpm build` first (reads web/dist/.vite/manifest.json). Runs opsboard in this process on a
// temporary embedded database with demo data. Results: bench/results/wallboard.json and .md.
import { readFileSync, writeFileSync, mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadAverage } from './lib/proc.ts';
import { buildApp } from '@opsboard/server/app/app.ts';
import { loadConfig } from '@opsboard/server/platform/config.ts';
import { chromium } from 'playwright-core';

const SECONDS = Number(process.env.BENCH_WALLBOARD_SECONDS ?? 600);
const WARMUP = Math.min(Number(process.env.BENCH_WALLBOARD_WARMUP ?? 60), SECONDS);
const RATE = Number(process.env.BENCH_WALLBOARD_RATE ?? 5);
const LOADS = Number(process.env.BENCH_WALLBOARD_LOADS ?? 5);
const AIM = { gzipKiB: 250, firstDataMs: 500, heapGrowthPct: 20 };

const root = fileURLToPath(new URL('..', import.meta.url));
const loadAverageAtStart = loadAverage();
const dist = join(root, 'web', 'dist');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- 1. JavaScript of the wallboard route, from the Vite manifest ----
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
function routeSize() {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const wallboardKey = Object.keys(manifest).find((k) => k.endsWith('routes/Wallboard.tsx'));
  if (!entryKey || !wallboardKey) throw new Error('the manifest has no entry or no Wallboard chunk: run pnpm build');
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const imported of manifest[key]!.imports ?? []) visit(imported);
  };
  visit(entryKey);
  visit(wallboardKey);
  const files = [...keys].map((k) => {
    const bytes = readFileSync(join(dist, manifest[k]!.file));
    return { file: manifest[k]!.file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const css = [...new Set([...keys].flatMap((k) => manifest[k]!.css ?? []))].map((file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return {
    files,
    jsBytes: files.reduce((s, f) => s + f.bytes, 0),
    jsGzip: files.reduce((s, f) => s + f.gzip, 0),
    cssGzip: css.reduce((s, n) => s + n, 0),
  };
}

const size = routeSize();
console.log(
  `wallboard route JS: ${(size.jsGzip / 1024).toFixed(1)} KiB gzip (${(size.jsBytes / 1024).toFixed(1)} KiB raw) in ${size.files.length} files; CSS ${(size.cssGzip / 1024).toFixed(1)} KiB gzip`,
);

// ---- 2. opsboard with demo data, and a display token ----
const dataDir = mkdtempSync(join(tmpdir(), 'opsboard-bench-wallboard-'));
const app = await buildApp({
  config: loadConfig({
    ...process.env,
    OPSBOARD_DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    OPSBOARD_JOBS: 'false',
    OPSBOARD_WEB_DIST: dist,
  }),
});
const url = await app.start(0, '127.0.0.1');
async function gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const admin = (
  await gql<{ login: { token: string } }>(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
    e: app.rt.config.adminEmail,
    p: app.rt.config.adminPassword,
  })
).login.token;
/** The owner the benchmark's tickets get when they are resolved (a ticket leaves NEW only once triaged). */
const ownerId = (await gql<{ me: { user: { id: string } } }>(`{ me { user { id } } }`, undefined, admin)).me.user.id;
const display = (await gql<{ createDisplayToken: { token: string } }>(`mutation { createDisplayToken(name: "Bench TV") { token } }`, undefined, admin))
  .createDisplayToken.token;
const wallboardUrl = `${url}/wallboard?token=${display}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-precise-memory-info',
  ],
});

// The first snapshot is on screen when the newest-tickets panel lists a ticket number.
const FIRST_DATA = () => /PM-\d+/.test(document.querySelector('[data-testid="newest-tickets"]')?.textContent ?? '');

/** A cold load's steps, in ms from navigation start. */
interface Phases {
  /** The HTML has arrived. */
  html: number;
  /** The last script (entry and wallboard chunks) has arrived. */
  scripts: number;
  /** The page asked for the WebSocket, it opened, the subscription went out, the first snapshot came in. */
  socketAsked: number;
  socketOpen: number;
  /** The server accepted the connection (graphql-ws connection_ack, after it checked the token). */
  acknowledged: number;
  subscribed: number;
  snapshot: number;
  /** The snapshot is on screen. */
  onScreen: number;
}
const PHASE_NAMES = [
  'html',
  'scripts',
  'socketAsked',
  'socketOpen',
  'acknowledged',
  'subscribed',
  'snapshot',
  'onScreen',
] as const satisfies readonly (keyof Phases)[];
const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN);

// The two below run in the page. They are plain JavaScript text: a function compiled here would
// carry the compiler's helpers, which the page does not have.

/** Before the page's scripts: notes when the app's WebSocket is asked for, opens, subscribes and first hears data. */
const RECORD_SOCKET = `
  const marks = (window.__benchMarks = {});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      marks.socketAsked ??= performance.now();
      this.addEventListener('open', () => (marks.socketOpen ??= performance.now()));
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        if (event.data.includes('"type":"connection_ack"')) marks.acknowledged ??= performance.now();
        if (event.data.includes('"type":"next"')) marks.snapshot ??= performance.now();
      });
    }
    send(data) {
      if (typeof data === 'string' && data.includes('"type":"subscribe"')) marks.subscribed ??= performance.now();
      super.send(data);
    }
  };
`;
/** Once the data is on screen: each step's time (see Phases). */
const PHASES = `(() => {
  const marks = window.__benchMarks;
  const nav = performance.getEntriesByType('navigation')[0];
  const scripts = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js')).map((r) => r.responseEnd);
  return {
    html: Math.round(nav.responseEnd),
    scripts: Math.round(Math.max(...scripts)),
    socketAsked: Math.round(marks.socketAsked ?? NaN),
    socketOpen: Math.round(marks.socketOpen ?? NaN),
    acknowledged: Math.round(marks.acknowledged ?? NaN),
    subscribed: Math.round(marks.subscribed ?? NaN),
    snapshot: Math.round(marks.snapshot ?? NaN),
    onScreen: Math.round(performance.now()),
  };
})()`;

/** With BENCH_WALLBOARD_DEBUG: each resource's start and end, and the paint and long-task marks. */
const RESOURCES = `performance.getEntriesByType('resource').map((r) => r.name.replace(location.origin, '') + ' ' + Math.round(r.startTime) + '→' + Math.round(r.responseEnd)).join('\\n')`;

try {
  // ---- 3. navigation → first live data, cold (fresh context: no cache) ----
  const loads: number[] = [];
  const phases: Phases[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript({ content: RECORD_SOCKET });
    const page = await context.newPage();
    await page.goto(wallboardUrl, { waitUntil: 'commit' });
    await page.waitForFunction(FIRST_DATA, undefined, { polling: 'raf', timeout: 30_000 });
    const phase = (await page.evaluate(PHASES)) as Phases;
    loads.push(phase.onScreen);
    phases.push(phase);
    if (process.env.BENCH_WALLBOARD_DEBUG) {
      console.log(JSON.stringify(phase));
      console.log(await page.evaluate(RESOURCES));
    }
    await context.close();
  }
  const sorted = [...loads].sort((a, b) => a - b);
  const firstData = {
    runs: loads.map((v) => Math.round(v)),
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    maxMs: Math.round(sorted.at(-1)!),
    // Each step's median, in ms from navigation: where the time to first data goes.
    phases: Object.fromEntries(PHASE_NAMES.map((name) => [name, median(phases.map((p) => p[name]))])) as unknown as Phases,
  };
  console.log(`navigation → first live data: median ${firstData.medianMs} ms, max ${firstData.maxMs} ms (${LOADS} cold loads)`);
  console.log(`  medians (ms from navigation): ${PHASE_NAMES.map((n) => `${n} ${firstData.phases[n]}`).join(', ')}`);

  // ---- 4. heap under RATE changes a second ----
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(wallboardUrl);
  await page.waitForFunction(FIRST_DATA, undefined, { timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(200);
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { heapUsed: get('JSHeapUsedSize'), nodes: get('Nodes'), listeners: get('JSEventListeners') };
  };

  // Open loop: a change is sent every 1/RATE s whether or not the previous one has answered, so a
  // slow server cannot lower the rate (at most 50 in flight).
  let changes = 0;
  let failures = 0;
  const errors: string[] = [];
  let inFlight = 0;
  const open: string[] = [];
  const change = async (n: number) => {
    inFlight += 1;
    try {
      if (n % 2 === 0 || open.length === 0) {
        const created = await gql<{ createTicket: { id: string } }>(
          `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }`,
          {
            input: {
              title: `Bench ticket ${n}`,
              description: 'Generated by the wallboard benchmark.',
              channel: 'WEB',
              priority: (['P1', 'P2', 'P3'] as const)[n % 3],
            },
          },
          admin,
        );
        open.push(created.createTicket.id);
      } else {
        await gql(
          `mutation ($id: ID!, $owner: ID!) { updateTicket(id: $id, input: { status: RESOLVED, type: BUG, ownerId: $owner }) { id } }`,
          { id: open.shift(), owner: ownerId },
          admin,
        );
      }
      changes += 1;
    } catch (error) {
      failures += 1;
      if (errors.length < 3) errors.push(String((error as Error).message).slice(0, 300));
    } finally {
      inFlight -= 1;
    }
  };
  // Sent by elapsed time, so a busy event loop that delays the timer still averages RATE a second.
  let sent = 0;
  let skipped = 0; // due while 50 were still in flight: the server is not keeping up
  const writerStarted = Date.now();
  const ticker = setInterval(() => {
    const due = Math.floor(((Date.now() - writerStarted) * RATE) / 1_000);
    while (sent + skipped < due) {
      if (inFlight < 50) {
        void change(sent);
        sent += 1;
      } else skipped += 1;
    }
  }, 1_000 / RATE);
  let stopped = false;
  const writer = (async () => {
    while (inFlight > 0 || !stopped) await sleep(100);
  })();

  const started = Date.now();
  const samples: { second: number; actualSecond: number; changes: number; heapUsed: number; nodes: number; listeners: number }[] = [];
  // The baseline after the warm-up, then every minute, then the end.
  const marks = [...new Set([WARMUP, ...Array.from({ length: Math.floor(SECONDS / 60) }, (_, i) => (i + 1) * 60).filter((m) => m > WARMUP), SECONDS])].sort(
    (a, b) => a - b,
  );
  for (const mark of marks) {
    await sleep(Math.max(0, started + mark * 1_000 - Date.now()));
    const sample = await heap();
    const actualSecond = Math.round((Date.now() - started) / 1_000);
    samples.push({ second: mark, actualSecond, changes, ...sample });
    console.log(
      `  ${mark} s (${actualSecond} s): heap ${(sample.heapUsed / 1e6).toFixed(2)} MB, ${sample.nodes} DOM nodes, ${changes} changes done, ${sent} sent, ${skipped} skipped`,
    );
  }
  const baseline = samples[0]!;
  clearInterval(ticker);
  stopped = true;
  await writer;
  const final = samples.at(-1)!;
  const elapsed = (Date.now() - writerStarted) / 1_000;
  const achievedRate = +(changes / elapsed).toFixed(2);
  const growthPct = ((final.heapUsed - baseline.heapUsed) / baseline.heapUsed) * 100;
  const live = (await page.getByTestId('connection-status').textContent())?.trim() ?? '';
  await context.close();

  const result = {
    at: new Date().toISOString(),
    // The machine's 1, 5 and 15 minute load averages when the run started and when it ended.
    loadAverage: { start: loadAverageAtStart, end: loadAverage() },
    settings: { seconds: SECONDS, warmupSeconds: WARMUP, ratePerSecond: RATE, loads: LOADS },
    size: {
      jsGzipKiB: +(size.jsGzip / 1024).toFixed(1),
      jsRawKiB: +(size.jsBytes / 1024).toFixed(1),
      cssGzipKiB: +(size.cssGzip / 1024).toFixed(1),
      files: size.files,
    },
    firstData,
    heap: { baselineMB: +(baseline.heapUsed / 1e6).toFixed(2), finalMB: +(final.heapUsed / 1e6).toFixed(2), growthPct: +growthPct.toFixed(1), samples },
    changes,
    sent,
    skipped,
    failures,
    errors,
    achievedRatePerSecond: achievedRate,
    connectionAtEnd: live,
    aims: {
      size: size.jsGzip / 1024 <= AIM.gzipKiB,
      firstData: firstData.medianMs <= AIM.firstDataMs,
      heap: growthPct < AIM.heapGrowthPct,
    },
  };
  console.log(
    `heap after ${WARMUP} s ${result.heap.baselineMB} MB → after ${SECONDS} s ${result.heap.finalMB} MB: ${result.heap.growthPct} % (${changes} changes, ${achievedRate}/s, ${skipped} skipped, ${failures} failed)`,
  );
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'wallboard.json'), `${JSON.stringify(result, null, 2)}\n`);
  const yes = (ok: boolean) => (ok ? 'met' : '**not met**');
  writeFileSync(
    join(root, 'bench', 'results', 'wallboard.md'),
    `# Wallboard benchmark (${result.at})

Load average at the start / end: ${result.loadAverage.start.join(' ')} / ${result.loadAverage.end.join(' ')}.

| measure | result | aim |
|---|---|---|
| JavaScript of /wallboard (entry + wallboard chunk + imports), gzip | ${result.size.jsGzipKiB} KiB (${result.size.jsRawKiB} KiB raw, ${size.files.length} files; CSS ${result.size.cssGzipKiB} KiB gzip) | ≤ ${AIM.gzipKiB} KB: ${yes(result.aims.size)} |
| navigation → first live data, cold, median / max of ${LOADS} | ${firstData.medianMs} ms / ${firstData.maxMs} ms | ≤ ${AIM.firstDataMs} ms: ${yes(result.aims.firstData)} |
| … of which (medians, ms from navigation) | ${PHASE_NAMES.map((n) => `${n} ${firstData.phases[n]}`).join(' · ')} | |
| JS heap after ${WARMUP} s → after ${SECONDS} s of ${RATE} changes/s | ${result.heap.baselineMB} MB → ${result.heap.finalMB} MB (${result.heap.growthPct >= 0 ? '+' : ''}${result.heap.growthPct} %) | < ${AIM.heapGrowthPct} %: ${yes(result.aims.heap)} |

${changes} changes written in ${Math.round(elapsed)} s (${achievedRate} a second; ${sent} sent, ${skipped} skipped while 50 were in flight, ${failures} failed); connection indicator at the end: ${live}.

Heap samples (after forced GC): ${samples.map((s) => `${s.second} s ${(s.heapUsed / 1e6).toFixed(2)} MB / ${s.nodes} nodes`).join(' · ')}
`,
  );
  console.log('wrote bench/results/wallboard.json and wallboard.md');
} finally {
  await browser.close();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
