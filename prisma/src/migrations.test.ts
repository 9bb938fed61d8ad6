// Fails when schema.prisma and the committed migrations drift apart: run `pnpm db:diff <name>`.
import { describe, expect, it } from 'vitest';
import { diffSchemaAgainstMigrations, isEmptyMigration } from './migrations.ts';

describe('migrations', () => {
  it('build exactly the database that schema.prisma describes', async () => {
    const sql = await diffSchemaAgainstMigrations();
    expect(isEmptyMigration(sql), `schema.prisma has changes no migration covers; run \`pnpm db:diff <name>\`:\n${sql}`).toBe(true);
  }, 120_000);

  it('would notice a change', () => {
    expect(isEmptyMigration('-- This is an empty migration.')).toBe(true);
    expect(isEmptyMigration('-- AlterTable\nALTER TABLE "Ticket" ADD COLUMN "x" TEXT;\n')).toBe(false);
  });
});
