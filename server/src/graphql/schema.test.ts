import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builder } from './builder.ts';
import { PUBLIC_ROOT_FIELDS, printedSchema, schema, unscopedRootFields } from './schema.ts';

describe('schema.graphql', () => {
  it('is the printed schema (run `pnpm --filter @opsboard/server print-schema` after changing the API)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});

describe('root field scopes', () => {
  it('leave no root field open but the listed public ones', () => {
    expect(unscopedRootFields(schema)).toEqual([]);
    const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type!.getFields()).map((name) => `${type!.name}.${name}`),
    );
    for (const name of PUBLIC_ROOT_FIELDS) expect(rootFields).toContain(name);
  });

  it('catch a root field that skips the default scope without naming its own', () => {
    builder.queryField('openByMistake', (t) => t.boolean({ skipTypeScopes: true, resolve: () => true }));
    builder.queryField('scopedOnItsOwn', (t) => t.boolean({ skipTypeScopes: true, authScopes: { wallboard: true }, resolve: () => true }));
    builder.queryField('byDefault', (t) => t.boolean({ resolve: () => true }));
    expect(unscopedRootFields(builder.toSchema())).toEqual(['Query.openByMistake']);
  });
});
