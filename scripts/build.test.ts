// scripts/build.mjs decides what `pnpm start` rebuilds: a part whose inputs' contents changed since its
// last successful build, whose output is missing, or whose last build failed — and nothing else.
// (tests/deploy/production-build.test.ts runs the real builds on a copy of the repository.)
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, hashInputs, parts } from './build.mjs';

let root: string;
const write = (path: string, content: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
};

/** Builders that write each part's outputs, count their runs and can be told to fail. */
function fakeBuilders() {
  const runs = { server: 0, web: 0 };
  const failing = new Set<string>();
  const builder = (name: 'server' | 'web') => (dir: string) => {
    runs[name] += 1;
    if (failing.has(name)) throw new Error(`${name} build failed`);
    for (const output of parts[name].outputs) {
      mkdirSync(dirname(join(dir, output)), { recursive: true });
      writeFileSync(join(dir, output), `built ${runs[name]}`);
    }
  };
  return { runs, failing, builders: { server: builder('server'), web: builder('web') } };
}

const quietly = { log: () => undefined };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'opsboard-build-'));
  write('server/src/main.ts', 'console.log(1);\n');
  write('server/src/tickets/service.ts', 'export const a = 1;\n');
  write('server/package.json', '{}\n');
  write('prisma/src/index.ts', 'export {};\n');
  write('prisma/generated/client/client.ts', 'export {};\n');
  write('prisma/schema.prisma', 'model A { id Int @id }\n');
  write('web/src/main.tsx', 'export {};\n');
  write('web/index.html', '<div id="root"></div>\n');
  write('pnpm-lock.yaml', 'lockfileVersion: 9\n');
  write('scripts/build.mjs', '// the script\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('hashInputs', () => {
  it('follows the contents of the inputs, not their modification times', () => {
    const before = hashInputs(root, parts.server);
    utimesSync(join(root, 'server/src/main.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(hashInputs(root, parts.server)).toEqual(before);

    appendFileSync(join(root, 'server/src/main.ts'), '// changed\n');
    expect(hashInputs(root, parts.server).hash).not.toBe(before.hash);
  });

  it('counts a new file, a renamed file and the db package, the schema and the lockfile', () => {
    const seen = new Set([hashInputs(root, parts.server).hash]);
    const expectNew = () => {
      const { hash } = hashInputs(root, parts.server);
      expect(seen.has(hash)).toBe(false);
      seen.add(hash);
    };
    write('server/src/tickets/rules.ts', 'export const b = 2;\n');
    expectNew();
    rmSync(join(root, 'server/src/tickets/rules.ts'));
    write('server/src/tickets/rules2.ts', 'export const b = 2;\n');
    expectNew();
    for (const path of ['prisma/src/index.ts', 'prisma/generated/client/client.ts', 'prisma/schema.prisma', 'pnpm-lock.yaml']) {
      appendFileSync(join(root, path), '\n');
      expectNew();
    }
  });

  it('leaves out tests, installed packages, build output and generated types', () => {
    const server = hashInputs(root, parts.server);
    const web = hashInputs(root, parts.web);
    write('server/src/tickets/service.test.ts', 'it();\n');
    write('server/node_modules/x/index.js', '1\n');
    write('server/dist/main.js', 'built\n');
    write('prisma/dist/index.js', 'built\n');
    write('web/node_modules/y/index.js', '1\n');
    write('web/dist/index.html', 'built\n');
    write('web/src/graphql-env.d.ts', 'export type introspection = {};\n');
    write('web/.vite/deps.json', '{}\n');
    expect(hashInputs(root, parts.server)).toEqual(server);
    expect(hashInputs(root, parts.web)).toEqual(web);
  });

  it('keeps the parts apart: a web change is no server change and the other way round', () => {
    const server = hashInputs(root, parts.server).hash;
    const web = hashInputs(root, parts.web).hash;
    appendFileSync(join(root, 'web/src/main.tsx'), '// changed\n');
    expect(hashInputs(root, parts.server).hash).toBe(server);
    expect(hashInputs(root, parts.web).hash).not.toBe(web);
    appendFileSync(join(root, 'server/src/main.ts'), '// changed\n');
    expect(hashInputs(root, parts.server).hash).not.toBe(server);
  });
});

describe('build --if-needed', () => {
  it('builds both parts the first time, then nothing while the sources stay as they are', async () => {
    const { runs, builders } = fakeBuilders();
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['server', 'web']);
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual([]);
    expect(runs).toEqual({ server: 1, web: 1 });
    const stamp = JSON.parse(readFileSync(join(root, 'server/dist/.build-stamp'), 'utf8'));
    expect(stamp.hash).toBe(hashInputs(root, parts.server).hash);
  });

  it('rebuilds only the part whose sources changed', async () => {
    const { runs, builders } = fakeBuilders();
    await build({ root, ifNeeded: true, builders, ...quietly });
    appendFileSync(join(root, 'server/src/tickets/service.ts'), 'export const c = 3;\n');
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['server']);
    write('web/src/Board.tsx', 'export {};\n');
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['web']);
    expect(runs).toEqual({ server: 2, web: 2 });
  });

  it('rebuilds a part whose output went missing', async () => {
    const { builders } = fakeBuilders();
    await build({ root, ifNeeded: true, builders, ...quietly });
    rmSync(join(root, 'prisma/dist'), { recursive: true });
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['server']);
    rmSync(join(root, 'web/dist/.build-stamp'));
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['web']);
  });

  it('tries a failed build again next time instead of trusting the last stamp', async () => {
    const { runs, failing, builders } = fakeBuilders();
    await build({ root, ifNeeded: true, builders, ...quietly });
    appendFileSync(join(root, 'server/src/main.ts'), 'syntax error(\n');
    failing.add('server');
    await expect(build({ root, ifNeeded: true, builders, ...quietly })).rejects.toThrow('server build failed');
    // Put back as it was: the old output is still there, but its stamp is gone.
    writeFileSync(join(root, 'server/src/main.ts'), 'console.log(1);\n');
    failing.clear();
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['server']);
    expect(runs.server).toBe(3);
  });

  it('without --if-needed (pnpm build) always builds, and builds only the parts named', async () => {
    const { runs, builders } = fakeBuilders();
    await build({ root, builders, ...quietly });
    expect(await build({ root, builders, ...quietly })).toEqual(['server', 'web']);
    expect(await build({ root, names: ['web'], builders, ...quietly })).toEqual(['web']);
    expect(runs).toEqual({ server: 2, web: 3 });
  });

  it('builds once when several starts build at the same time; the others wait and find it up to date', async () => {
    const { runs, builders } = fakeBuilders();
    const slow = {
      server: async (dir: string) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        builders.server(dir);
      },
      web: builders.web,
    };
    const results = await Promise.all([1, 2, 3].map(() => build({ root, ifNeeded: true, builders: slow, ...quietly })));
    expect(results.flat().sort()).toEqual(['server', 'web']);
    expect(runs).toEqual({ server: 1, web: 1 });
    expect(existsSync(join(root, 'node_modules/.cache/opsboard-build.lock'))).toBe(false);
  });

  it('takes over the lock of a build whose process is gone', async () => {
    const { runs, builders } = fakeBuilders();
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    mkdirSync(join(root, 'node_modules/.cache/opsboard-build.lock'), { recursive: true });
    writeFileSync(join(root, 'node_modules/.cache/opsboard-build.lock/pid'), String(gone));
    expect(await build({ root, ifNeeded: true, builders, ...quietly })).toEqual(['server', 'web']);
    expect(runs).toEqual({ server: 1, web: 1 });
  });

  it('says what it did', async () => {
    const { builders } = fakeBuilders();
    const lines: string[] = [];
    await build({ root, ifNeeded: true, builders, log: (line: string) => lines.push(line) });
    await build({ root, ifNeeded: true, builders, log: (line: string) => lines.push(line) });
    expect(lines[0]).toBe('server: building, as server/dist/main.js is missing');
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^server: up to date \(8 files, sha256 [0-9a-f]{12}\)$/),
      expect.stringMatching(/^web: up to date/),
    ]);
  });
});
