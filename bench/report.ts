// The Markdown side of the benchmark report.
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
  bytesPerConnection?: number;
  server: { cpuCores: number; rssMb: number; heapUsedMb?: number };
  generatorFailures: number;
  heapGrowthPercent?: number;
  heapStartMb?: number;
  heapEndMb?: number;
}

const row = (name: string, f: RunFigures | undefined) =>
  f
    ? `| ${name} | ${f.clients} | ${f.eventsPerSecond} × ${f.seconds} s | ${f.deliveredPerSecond} | ${f.latencyMs.p50} / ${f.latencyMs.p95} / ${f.latencyMs.p99} / ${f.latencyMs.max} | ${f.lost} | ${f.duplicates} | ${f.reconnects} | ${f.server.cpuCores} | ${f.bytesPerConnection === undefined ? '–' : Math.round(f.bytesPerConnection / 1024)} | ${f.server.rssMb} |`
    : `| ${name} | not run | | | | | | | | | |`;

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
    'Each opsboard server runs in its own process on PostgreSQL (plus Redis); the clients, the event writer and the',
    'measurements run in the benchmark process. Latency is from the event',
    "row's creation time to the client receiving it; delivered msg/s counts every client message from the first write to the",
    'last delivery; lost = events a client had not received when the drain window after the last write ended (it resumes by',
    "last id, so late is not gone). CPU is the server process's own (cores, 1.0 = one core busy), averaged over the run and",
    'the drain; memory per connection is resident memory added by connecting the idle clients.',
    '',
    '| run | clients | events | delivered msg/s | latency ms p50 / p95 / p99 / max | lost | duplicates | reconnects | server CPU (cores) | KiB per idle connection | server RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    row('fan-out (1 instance)', report.fanout),
    row('raw `ws` baseline', report.baseline),
    row('scale-out (2 instances + Redis)', report.scaleout),
    row('fault (B killed halfway)', report.fault),
    row('soak', report.soak),
    '',
  ];
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
