import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { channelNames } from '../../ui/enums';
import { ageMs, formatAge } from '../../ui/format';
import { PriorityBadge } from '../../ui/PriorityBadge';

export const NewestTicketsFragment = graphql(`
  fragment NewestTickets_wallboard on Wallboard {
    newestTickets {
      id
      number
      title
      channel
      priority
      createdAt
    }
  }
`);

/** Rows that fit the panel at any 16:9 size; the server sends up to 10. */
export const MAX_ROWS = 8;

export function NewestTickets({ data, now }: { data: FragmentOf<typeof NewestTicketsFragment>; now: number }) {
  const { newestTickets } = readFragment(NewestTicketsFragment, data);
  const rows = newestTickets.slice(0, MAX_ROWS);

  return (
    <section className="panel newest" aria-labelledby="newest-heading">
      <h2 id="newest-heading">Newest open tickets</h2>
      <ol className="tickets" data-testid="newest-tickets">
        {rows.map((ticket) => (
          <li key={ticket.id} className="ticket" data-testid="ticket-row">
            <span className="ticket-number">{ticket.number}</span>
            <PriorityBadge priority={ticket.priority} untriaged="NEW" />
            <span className="ticket__title">{ticket.title}</span>
            <span className="ticket__channel">{channelNames[ticket.channel]}</span>
            <span className="ticket__age">
              <time dateTime={ticket.createdAt}>{formatAge(ageMs(ticket.createdAt, now))}</time>
            </span>
          </li>
        ))}
      </ol>
      {rows.length === 0 && <p className="newest__empty">No open tickets</p>}
    </section>
  );
}
