// Triage (the guide's Step 2, within 1 hour): the triageTicket change a person confirms.
import { Priority, type Ticket, TicketType } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { updateTicketIn } from '../tickets/service.ts';
import { suggestPriority } from './rules.ts';

export const TriageInput = z.object({
  type: z.enum(TicketType),
  priority: z.enum(Priority),
  ownerId: z.uuid('must be a user id'),
});
export type TriageInput = z.input<typeof TriageInput>;

/** Sets type, priority and owner together and moves a NEW ticket to TRIAGED (meets the TRIAGE clock). */
export async function triageTicket(deps: Deps, actor: Actor | null, id: string, raw: TriageInput): Promise<Ticket> {
  const input = parseInput(TriageInput, raw);
  return transact(deps, (tx, emit) => triageTicketIn(tx, emit, deps, actor, id, input));
}

/** triageTicket inside a caller's transaction (the triage meeting records its decision with it). */
export async function triageTicketIn(tx: Tx, emit: Emit, deps: Deps, actor: Actor | null, id: string, input: z.output<typeof TriageInput>): Promise<Ticket> {
  const current = await tx.ticket.findUnique({ where: { id }, select: { status: true } });
  const status = current?.status === 'NEW' ? 'TRIAGED' : undefined;
  const ticket = await updateTicketIn(tx, emit, deps, actor, id, { ...input, ...(status ? { status } : {}) });
  const suggestion = suggestPriority(ticket);
  await tx.ticketActivity.create({
    data: {
      ticketId: id,
      actorId: actor?.userId ?? null,
      action: 'triaged',
      field: 'priority',
      toValue: input.priority,
      data: { type: input.type, ownerId: input.ownerId, suggested: suggestion.priority, reason: suggestion.reason },
      createdAt: deps.clock.now(),
    },
  });
  return ticket;
}
