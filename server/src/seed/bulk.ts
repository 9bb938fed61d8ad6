// Bulk inserts for the demo's thousands of rows: one statement per table that reads its rows from a
// single JSON parameter (jsonb_populate_recordset), several times faster than createMany, which binds
// every value as a parameter of its own (measured with `pnpm bench:seed-demo`). The rows are the same
// createMany inputs. A column left out of every row keeps its database default; one left out of only
// some rows is NULL there, so those must be nullable.
import { randomUUID } from 'node:crypto';
import { Prisma } from '@opsboard/db';

type Tx = Prisma.TransactionClient;

/** Tables whose rows are written here, with whether their key is a generated `id`. */
const TABLES = {
  Requester: true,
  Ticket: true,
  TicketMessage: true,
  TicketActivity: true,
  SlaClock: true,
  Escalation: true,
  CsatResponse: true,
} as const;
export type BulkTable = keyof typeof TABLES;

/** Prisma gives these columns their value on the client (@default(uuid()), @updatedAt); the database has none. */
function completed(table: BulkTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = TABLES[table] && row.id === undefined ? { id: randomUUID(), ...row } : { ...row };
  if ((table === 'Ticket' || table === 'SlaClock') && out.updatedAt === undefined) out.updatedAt = out.createdAt ?? new Date();
  return out;
}

function statement(table: BulkTable, rows: readonly Record<string, unknown>[], returning: string): Prisma.Sql {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const list = Prisma.raw(columns.map((c) => `"${c}"`).join(', '));
  const name = Prisma.raw(`"${table}"`);
  // In the given order, so that serial numbers (Ticket.number) follow it.
  return Prisma.sql`INSERT INTO ${name} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${name}, ${JSON.stringify(rows)}::jsonb) WITH ORDINALITY ORDER BY ordinality${Prisma.raw(returning)}`;
}

/** Inserts the rows in one statement (`ON CONFLICT DO NOTHING` skips duplicates); returns how many were written. */
export async function insertRows(tx: Tx, table: BulkTable, rows: readonly object[], onConflict?: 'ON CONFLICT DO NOTHING'): Promise<number> {
  if (rows.length === 0) return 0;
  return tx.$executeRaw(
    statement(
      table,
      rows.map((r) => completed(table, r as Record<string, unknown>)),
      onConflict ? ` ${onConflict}` : '',
    ),
  );
}

/** Inserts tickets (each with its `id`) and returns their numbers, in insertion order. */
export async function insertTickets(tx: Tx, rows: readonly Prisma.TicketCreateManyInput[]): Promise<{ id: string; number: number }[]> {
  if (rows.length === 0) return [];
  const data = rows.map((r) => completed('Ticket', r as unknown as Record<string, unknown>));
  return tx.$queryRaw<{ id: string; number: number }[]>(statement('Ticket', data, ' RETURNING "id", "number"'));
}
