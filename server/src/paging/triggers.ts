// When a page goes out (the guide: the on-call engineer "handles P0/P1 issues outside business hours
// and responds to critical alerts"): a ticket becomes P0 (any hour) or P1 outside business hours; a
// new, untriaged ticket whose triage suggestion is P0 (site down, 500s, security, data loss), at
// arrival, any hour. A page ends when its ticket is resolved or closed.
import type { Ticket } from '@opsboard/db';
import type { Emit, Tx } from '../platform/events.ts';
import type { Deps } from '../platform/db.ts';
import { formatTicketNumber, OPEN_STATUSES } from '../tickets/model.ts';
import { suggestPriority } from '../triage/rules.ts';
import { isBusinessTime, resolvePages, triggerPage } from './service.ts';

/** Called in the transaction of every ticket change, after its clocks. */
export async function pageOnTicketChange(tx: Tx, emit: Emit, deps: Deps, actorId: string | null, before: Ticket | null, ticket: Ticket): Promise<void> {
  const open = OPEN_STATUSES.includes(ticket.status);
  if (!open) {
    if (!before || OPEN_STATUSES.includes(before.status)) await resolvePages(tx, emit, deps, { ticketId: ticket.id });
    return;
  }
  if (ticket.isSpam || ticket.isTest) return;
  const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
  const subject = { ticket: { id: ticket.id, number: ticket.number, title: ticket.title, priority: ticket.priority } };
  if (ticket.priority && ticket.priority !== before?.priority) {
    if (ticket.priority === 'P0') {
      await triggerPage(tx, emit, deps, { ...subject, reason: `${number} is P0: ${ticket.title}`, actorId });
    } else if (ticket.priority === 'P1' && !(await isBusinessTime(tx, deps.clock.now()))) {
      await triggerPage(tx, emit, deps, { ...subject, reason: `${number} is P1 outside business hours: ${ticket.title}`, actorId, afterHours: true });
    }
    return;
  }
  if (!before && !ticket.priority) {
    const suggestion = suggestPriority(ticket);
    if (suggestion.priority !== 'P0') return;
    await triggerPage(tx, emit, deps, {
      ...subject,
      suggested: true,
      reason: `${number} is not triaged yet; its triage suggestion is ${suggestion.reason}: ${ticket.title}`,
      actorId,
    });
  }
}
