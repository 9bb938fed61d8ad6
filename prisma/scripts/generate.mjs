// Generates the Prisma client and the Pothos types from schema.prisma, offline.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
let cli;
try {
  cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND') throw error;
  // `pnpm install --prod` leaves the Prisma CLI (a devDependency) out. The built server needs no
  // generated client of its own: prisma/dist (`pnpm build`) carries it.
  console.log('@opsboard/db: the prisma CLI is not installed (a production install), so the client is not generated.');
  process.exit(0);
}

const result = spawnSync(process.execPath, [cli, 'generate', '--schema', join(root, 'schema.prisma')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: join(here, 'no-schema-engine'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
