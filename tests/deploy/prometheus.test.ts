// The Prometheus alerting rules in deploy/prometheus, checked by Prometheus's own tool: the rules parse
// (`promtool check rules`) and fire when and only when their unit tests say (`promtool test rules`).
// Needs promtool (Debian's `prometheus` package), which CI installs; not part of `pnpm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../deploy/prometheus/', import.meta.url));
const promtool = (...args: string[]) => {
  const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed (Debian package "prometheus"): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', () => {
    const run = promtool('check', 'rules', 'alerts.yml');
    expect(run.output).toContain('SUCCESS: 5 rules found');
    expect(run.status).toBe(0);
  });

  it('passes its unit tests (promtool test rules alerts.test.yml)', () => {
    const run = promtool('test', 'rules', 'alerts.test.yml');
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('is checked for real: a broken copy of the rules fails both checks', () => {
    const copy = mkdtempSync(join(tmpdir(), 'alerts-'));
    const broken = readFileSync(join(dir, 'alerts.yml'), 'utf8').replace('> 600 and', '> 600 and and');
    writeFileSync(join(copy, 'alerts.yml'), broken);
    writeFileSync(join(copy, 'alerts.test.yml'), readFileSync(join(dir, 'alerts.test.yml'), 'utf8'));
    expect(spawnSync('promtool', ['check', 'rules', 'alerts.yml'], { cwd: copy }).status).not.toBe(0);
    // A threshold moved: the unit tests notice the alert no longer fires when it should.
    writeFileSync(join(copy, 'alerts.yml'), readFileSync(join(dir, 'alerts.yml'), 'utf8').replace('== 0\n        for: 2m', '== 0\n        for: 20m'));
    expect(spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: copy }).status).not.toBe(0);
  });
});
