import { useState } from 'react';
import { useMutation } from 'urql';
import { useOpsboard } from '../../client-context';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { Link } from '../../router';
import { errorText } from '../../ui/errorText';
import { words } from '../../ui/format';

export const LinkedTicketsFragment = graphql(`
  fragment LinkedTickets_incident on Incident {
    id
    tickets {
      linkedAt
      ticket {
        id
        number
        title
        status
      }
    }
  }
`);

const LinkTicket = graphql(`
  mutation LinkIncidentTicket($input: LinkIncidentTicketInput!) {
    linkIncidentTicket(input: $input) {
      id
    }
  }
`);

const FindTicket = graphql(`
  query FindTicketByNumber($number: String!) {
    ticket(number: $number) {
      id
    }
  }
`);

export function LinkedTickets({ data, canLink }: { data: FragmentOf<typeof LinkedTicketsFragment>; canLink: boolean }) {
  const incident = readFragment(LinkedTicketsFragment, data);
  return (
    <section className="desk__panel" aria-labelledby="tickets-heading">
      <h2 id="tickets-heading">Linked tickets</h2>
      <ul className="list-plain" data-testid="linked-tickets">
        {incident.tickets.map(({ ticket }) => (
          <li key={ticket.id}>
            <Link href={`/tickets/${ticket.number}`}>{ticket.number}</Link> {ticket.title} <span className="desk__muted">· {words(ticket.status)}</span>
          </li>
        ))}
        {incident.tickets.length === 0 && <li>None.</li>}
      </ul>
      {canLink && <LinkTicketForm incidentId={incident.id} />}
    </section>
  );
}

function LinkTicketForm({ incidentId }: { incidentId: string }) {
  const { client } = useOpsboard();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, link] = useMutation(LinkTicket);
  return (
    <form
      className="desk__row"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const found = await client.query(FindTicket, { number: number.trim() }, { requestPolicy: 'network-only' }).toPromise();
        const ticketId = found.data?.ticket?.id;
        if (!ticketId) return setError(errorText(found.error) ?? `No ticket ${number.trim()}.`);
        const r = await link({ input: { incidentId, ticketId } });
        if (r.error) return setError(errorText(r.error));
        setNumber('');
      }}
    >
      <label htmlFor="link-number">Link ticket</label>
      <input id="link-number" placeholder="PM-1042" value={number} onChange={(e) => setNumber(e.target.value)} size={10} />
      <button type="submit" disabled={result.fetching || !number.trim()}>
        Link
      </button>
      {error && (
        <p role="alert" className="desk__error">
          {error}
        </p>
      )}
    </form>
  );
}
