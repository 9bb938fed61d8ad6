import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { Link } from '../../router';
import { words } from '../../ui/format';
import type { Drill } from './metrics';

const DrillQuery = graphql(`
  query ReportTickets($start: DateTime!, $end: DateTime!, $set: ReportTicketSet!, $channel: Channel, $issueKey: String) {
    reportTickets(start: $start, end: $end, set: $set, channel: $channel, issueKey: $issueKey, first: 200) {
      totalCount
      tickets {
        id
        number
        title
        status
        priority
        channel
        createdAt
      }
    }
  }
`);

/** The tickets behind a bar, point or row (the newest 200). */
export function DrillDown({ drill, onClose }: { drill: Drill; onClose: () => void }) {
  const [{ data, error, fetching }] = useQuery({
    query: DrillQuery,
    variables: { start: drill.start, end: drill.end, set: drill.set, channel: drill.channel ?? null, issueKey: drill.issueKey ?? null },
  });
  const result = data?.reportTickets;
  return (
    <section className="report-drill" aria-labelledby="drill-title" data-testid="drill-down">
      <div className="report-card__head">
        <h2 id="drill-title">Tickets: {drill.title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {fetching && <p aria-live="polite">Loading…</p>}
      {error && <p role="alert">{error.message}</p>}
      {result && (
        <>
          <p data-testid="drill-count">
            {result.totalCount} ticket{result.totalCount === 1 ? '' : 's'}
            {result.totalCount > result.tickets.length ? ` (the newest ${result.tickets.length} shown)` : ''}
          </p>
          <table className="desk__table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Title</th>
                <th scope="col">Channel</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {result.tickets.map((t) => (
                <tr key={t.id} data-testid="drill-ticket">
                  <td>
                    <Link href={`/tickets/${t.number}`}>{t.number}</Link>
                  </td>
                  <td>{t.title}</td>
                  <td>{t.channel.toLowerCase()}</td>
                  <td>{t.priority ?? '—'}</td>
                  <td>{words(t.status)}</td>
                  <td>{new Date(t.createdAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
