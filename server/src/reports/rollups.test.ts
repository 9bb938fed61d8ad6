// Histogram percentiles: the middle of the bucket holding the nearest rank, within the stated bound.
import { describe, expect, it } from 'vitest';
import { BUCKET_RATIO, bucketPercentile, bucketValue, PERCENTILE_ABSOLUTE_ERROR_UNDER_ONE_MINUTE, PERCENTILE_RELATIVE_ERROR } from './rollups.ts';

/** The bucket of a value, as the SQL of bucketSql computes it. */
const bucketOf = (v: number): number => {
  const m = (x: number) => (x < 1 ? Math.floor(x * 100) : 100 + Math.floor(Math.log(x) / Math.log(BUCKET_RATIO)));
  return v < 0 ? -1 - m(-v) : m(v);
};

describe('rollup histogram buckets', () => {
  it('stand for every value of the bucket within the bound', () => {
    for (const v of [0, 0.004, 0.5, 0.999, 1, 1.5, 59.99, 240, 2880, 2881, 123_456.7, -3, -0.2]) {
      const mid = bucketValue(bucketOf(v));
      expect(Math.abs(mid - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * PERCENTILE_RELATIVE_ERROR, PERCENTILE_ABSOLUTE_ERROR_UNDER_ONE_MINUTE) + 1e-9);
    }
    expect(PERCENTILE_RELATIVE_ERROR).toBeLessThan(0.01);
  });

  it('give the nearest-rank percentile of the bucket counts', () => {
    const values = [5, 7, 7, 30, 240, 241, 900, 2880, 3000, 10_000];
    const buckets = new Map<number, number>();
    for (const v of values) buckets.set(bucketOf(v), (buckets.get(bucketOf(v)) ?? 0) + 1);
    // Nearest rank: p50 of 10 values is the 5th (240), p90 the 9th (3000).
    expect(Math.abs(bucketPercentile(buckets, 50)! - 240) / 240).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR);
    expect(Math.abs(bucketPercentile(buckets, 90)! - 3000) / 3000).toBeLessThanOrEqual(PERCENTILE_RELATIVE_ERROR);
    expect(bucketPercentile(new Map(), 50)).toBeNull();
  });
});
