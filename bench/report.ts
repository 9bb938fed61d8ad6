// The Markdown side of the benchmark report.
import { type ConnectionMemory, memoryCell } from './lib/memory.ts';

/** The memory cell; a report from before the forced GC (bytesPerConnection without one) shows it in the no-GC place. */
const memory = (m: Partial<ConnectionMemory>) =>
  m.rssBytesPerConnectionNoGc === undefined && m.bytesPerConnection !== undefined
    ? memoryCell({ rssBytesPerConnectionNoGc: m.bytesPerConnection })
    : memoryCell(m);

/** The figures of one run, as written to latest.json and shown in latest.md. */
export interface RunFigures {
  clients: number;
  eventsPerSecond: number;
  seconds: number;
  eventsWritten: number;
  messagesDelivered: number;
  deliveredPerSecond: number;
  deliverySeconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number; samples: number };
  lost: number;
  duplicates: number;
  reconnects: number;
  bytesPerMessage: number;
  /** Resident memory added per idle connection, sampled after a forced full GC (see lib/memory.ts). */
  bytesPerConnection?: number;
  heapBytesPerConnection?: number;
  /** The same without a collection (the figure of runs before the forced GC). */
  rssBytesPerConnectionNoGc?: number;
  server: { cpuCores: number; rssMb: number; heapUsedMb?: number };
  /** The client processes' CPU (summed), measured over the same window as the server's. */
  generator?: { processes: number; cpuCores: number };
  wallboards?: { clients: number; eventsReceived: number; lost: number; latencyMs: RunFigures['latencyMs'] };
  generatorFailures: number;
  heapGrowthPercent?: number;
  heapStartMb?: number;
  heapEndMb?: number;
}

const row = (name: string, f: RunFigures | undefined) =>
  f
    ? `| ${name} | ${f.clients} | ${f.eventsPerSecond} × ${f.seconds} s | ${f.deliveredPerSecond} | ${f.latencyMs.p50} / ${f.latencyMs.p95} / ${f.latencyMs.p99} / ${f.latencyMs.max} | ${f.lost} | ${f.duplicates} | ${f.reconnects} | ${f.server.cpuCores} | ${memory(f)} | ${f.server.rssMb} |`
    : `| ${name} | not run | | | | | | | | | |`;

interface CapacityRun extends Partial<ConnectionMemory> {
  clients: number;
  wallboards: number;
  bytesPerMessage: number;
  maxRate: number;
  steps: {
    rate: number;
    deliveredPerSecond: number;
    latencyMs: RunFigures['latencyMs'];
    lost: number;
    wallboard?: { p99: number; max: number; lost: number };
    serverCpuCores: number;
    generatorCpuCores: number;
    loadAverage: number[];
    passed: boolean;
  }[];
}

const generatorCell = (f: RunFigures | undefined) => (f?.generator ? ` ${f.generator.cpuCores} (${f.generator.processes} processes)` : ' –');

function capacityLines(capacity: NonNullable<BenchReport['capacity']>): string[] {
  const c = capacity.settings;
  const lines = [
    `## Capacity at ${c.clients} clients`,
    '',
    `The highest of ${c.rates.join(', ')} events/s (each for ${c.stepSeconds} s, stopping at the first failing step) at which the \`events\` clients`,
    `see p99 ≤ ${c.p99BoundMs} ms with no event lost. opsboard: ${Math.round(c.wallboardShare * 100)} % of the clients are TV wallboards (their latency, batched`,
    'every 250 ms by design, is shown apart and not part of the bound). Floor: a bare `ws` server broadcasting one pre-encoded buffer per',
    'event. Peer: graphql-yoga with stock graphql-ws `useServer`, executing the subscription per subscriber, fed by the same writer.',
    `The clients run in ${c.clientProcesses} processes; their CPU (summed) is beside the server's.`,
    '',
    '| server | max events/s at p99 ≤ bound | KiB per idle connection: RSS / heap after GC / RSS without GC | message bytes |',
    '|---|---|---|---|',
  ];
  const runs = [
    ['opsboard', capacity.opsboard],
    ['floor (bare `ws`)', capacity.floor],
    ['peer (yoga + `useServer`)', capacity.peer],
  ] as const;
  for (const [name, run] of runs) {
    if (run) lines.push(`| ${name} | **${run.maxRate}** | ${memory(run)} | ${run.bytesPerMessage} |`);
  }
  lines.push(
    '',
    `Ratios: opsboard / floor **${capacity.ratio.opsboardToFloor ?? '–'}**, opsboard / peer **${capacity.ratio.opsboardToPeer ?? '–'}** (of the max rates; – when the other held no step).`,
    '',
    '| server | events/s | delivered msg/s | latency ms p50 / p95 / p99 / max | lost | wallboard p99 / max (lost) | server CPU | clients CPU | load average | held |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [name, run] of runs) {
    for (const s of run?.steps ?? []) {
      const l = s.latencyMs;
      lines.push(
        `| ${name} | ${s.rate} | ${s.deliveredPerSecond} | ${l.p50} / ${l.p95} / ${l.p99} / ${l.max} | ${s.lost} | ${s.wallboard ? `${s.wallboard.p99} / ${s.wallboard.max} (${s.wallboard.lost})` : '–'} | ${s.serverCpuCores} | ${s.generatorCpuCores} | ${s.loadAverage.join(' ')} | ${s.passed ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('');
  return lines;
}

/** What latest.json holds (run.ts builds it phase by phase). */
interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  settings: Record<string, unknown> & { writer?: string };
  fanout?: RunFigures;
  baseline?: RunFigures;
  scaleout?: RunFigures;
  fault?: RunFigures;
  soak?: RunFigures;
  ratio?: { throughput: number; p99: number; cpu: number };
  capacity?: {
    settings: { clients: number; rates: number[]; stepSeconds: number; p99BoundMs: number; wallboardShare: number; clientProcesses: number };
    opsboard?: CapacityRun;
    floor?: CapacityRun;
    peer?: CapacityRun;
    ratio: { opsboardToFloor: number | null; opsboardToPeer: number | null };
  };
  soakRun?: { startedAt: string; finishedAt: string; loadAverageBefore: number[]; loadAverageAfter?: number[] };
}

export function markdown(saved: Record<string, unknown>): string {
  const report = saved as unknown as BenchReport;
  const m = report.machine;
  const lines = [
    '# opsboard benchmark',
    '',
    `Run ${report.startedAt} → ${report.finishedAt} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}.`,
    `Load average before/after: ${m.loadAverageBefore.join(' ')} / ${m.loadAverageAfter.join(' ')} (the machine is shared; figures are under that load).`,
    '',
    'Each opsboard server runs in its own process on PostgreSQL (plus Redis); the clients run in worker processes of their',
    'own, the event writer and the measurements in the benchmark process. Latency is from the event',
    "row's creation time to the client receiving it; delivered msg/s counts every client message from the first write to the",
    'last delivery; lost = events a client had not received when the drain window after the last write ended (it resumes by',
    "last id, so late is not gone). CPU is the server process's own (cores, 1.0 = one core busy), averaged over the run and",
    'the drain. Memory per connection is what connecting the idle clients added, sampled before and after connecting, each time',
    "after a forced full GC through the server's inspector: resident memory (RSS) and heap used; and RSS without a collection, as",
    'earlier runs measured it.',
    '',
    '| run | clients | events | delivered msg/s | latency ms p50 / p95 / p99 / max | lost | duplicates | reconnects | server CPU (cores) | KiB per idle connection: RSS / heap after GC / RSS without GC | server RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    row('fan-out (1 instance)', report.fanout),
    row('raw `ws` baseline', report.baseline),
    row('scale-out (2 instances + Redis)', report.scaleout),
    row('fault (B killed halfway)', report.fault),
    row('soak', report.soak),
    '',
    `Clients' CPU (the load generator, cores summed over its processes): fan-out${generatorCell(report.fanout)}, baseline${generatorCell(report.baseline)}, scale-out${generatorCell(report.scaleout)}, fault${generatorCell(report.fault)}.`,
    '',
  ];
  if (report.fanout?.wallboards) {
    const w = report.fanout.wallboards;
    lines.push(
      `Fan-out wallboards (${w.clients} of the clients, \`wallboard\` subscription with the TV's selection, batched every 250 ms): latency p50 / p99 / max ${w.latencyMs.p50} / ${w.latencyMs.p99} / ${w.latencyMs.max} ms, ${w.eventsReceived} events received, ${w.lost} lost; the table's latency and loss are the \`events\` clients'.`,
      '',
    );
  }
  if (report.capacity) lines.push(...capacityLines(report.capacity));
  if (report.ratio) {
    lines.push(
      `**Against raw \`ws\`**: throughput ratio ${report.ratio.throughput} (delivered messages per second), p99 ratio ${report.ratio.p99}, server CPU ratio ${report.ratio.cpu}.`,
      '',
    );
  }
  if (report.soak?.heapGrowthPercent !== undefined) {
    const run = report.soakRun
      ? ` Soak run on its own (\`pnpm bench --soak\`) ${report.soakRun.startedAt} → ${report.soakRun.finishedAt}, load average ${report.soakRun.loadAverageBefore.join(' ')} / ${report.soakRun.loadAverageAfter?.join(' ') ?? '–'}.`
      : '';
    lines.push(
      `**Soak heap**: ${report.soak.heapStartMb} MB → ${report.soak.heapEndMb} MB (${report.soak.heapGrowthPercent} %, lowest sample of the first and last quarter).${run}`,
      '',
    );
  } else {
    lines.push('**Soak**: not part of this run.', '');
  }
  lines.push(
    `Settings: ${JSON.stringify(report.settings)}; writer ${report.settings.writer === 'events' ? 'writes event rows under the event lock and announces them on Redis' : 'creates tickets through GraphQL'}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
