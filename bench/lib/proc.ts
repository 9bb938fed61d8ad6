// CPU time and resident memory of a child process, from /proc (Linux), so figures are the server's own.
import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export interface ProcSample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
}

export function sampleProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: Date.now(), cpuSeconds, rssBytes: rssKb * 1024 };
}

/** Average CPU use between two samples, in cores (1.0 = one core busy). */
export const coresBetween = (a: ProcSample, b: ProcSample) => (b.cpuSeconds - a.cpuSeconds) / Math.max(0.001, (b.at - a.at) / 1000);

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}
