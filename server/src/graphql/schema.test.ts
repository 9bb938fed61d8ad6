import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from './schema.ts';

describe('schema.graphql', () => {
  it('is the printed schema (run `pnpm --filter @opsboard/server print-schema` after changing the API)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});
