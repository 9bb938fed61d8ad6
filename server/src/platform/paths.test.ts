import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot, fromRoot, repositoryRoot } from './paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'opsboard-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findRepositoryRoot', () => {
  it('finds the folder with pnpm-workspace.yaml from the source and from the build alike', () => {
    writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages: []\n');
    mkdirSync(join(dir, 'server/src/platform'), { recursive: true });
    mkdirSync(join(dir, 'server/dist'), { recursive: true });
    expect(findRepositoryRoot(join(dir, 'server/src/platform'))).toBe(dir);
    expect(findRepositoryRoot(join(dir, 'server/dist'))).toBe(dir);
  });

  it('is undefined outside a repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'opsboard-outside-'));
    try {
      expect(findRepositoryRoot(outside)).toBeUndefined();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('places the web app and the data folder in this repository', () => {
    const here = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
    expect(repositoryRoot).toBe(here);
    expect(fromRoot('web', 'dist')).toBe(join(here, 'web', 'dist'));
  });
});
