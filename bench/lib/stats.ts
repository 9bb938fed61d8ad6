// Latency histogram with 1 ms buckets (up to 120 s): millions of samples in fixed memory.
const MAX_MS = 120_000;

export class Latency {
  #buckets = new Uint32Array(MAX_MS + 1);
  count = 0;
  #sum = 0;
  max = 0;

  add(ms: number): void {
    const v = Math.min(MAX_MS, Math.max(0, Math.round(ms)));
    this.#buckets[v] = (this.#buckets[v] ?? 0) + 1;
    this.count += 1;
    this.#sum += v;
    if (v > this.max) this.max = v;
  }

  percentile(p: number): number {
    if (!this.count) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms += 1) {
      seen += this.#buckets[ms] ?? 0;
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }

  /** Forgets every sample (a new step of a stepped run). */
  reset(): void {
    this.#buckets.fill(0);
    this.count = 0;
    this.#sum = 0;
    this.max = 0;
  }

  /** The non-empty buckets as [ms, count] pairs: small enough to send between processes. */
  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    for (let ms = 0; ms <= MAX_MS; ms += 1) if (this.#buckets[ms]) pairs.push([ms, this.#buckets[ms]!]);
    return pairs;
  }

  /** Adds another histogram's pairs (from `toPairs`) to this one. */
  merge(pairs: [number, number][]): void {
    for (const [ms, n] of pairs) {
      this.#buckets[ms] = (this.#buckets[ms] ?? 0) + n;
      this.count += n;
      this.#sum += ms * n;
      if (ms > this.max) this.max = ms;
    }
  }

  summary(): { p50: number; p95: number; p99: number; max: number; mean: number; samples: number } {
    return {
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.max,
      mean: this.count ? Math.round((this.#sum / this.count) * 10) / 10 : 0,
      samples: this.count,
    };
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
