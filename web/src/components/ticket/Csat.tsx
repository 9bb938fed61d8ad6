import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { when } from '../../ui/format';

export const CsatFragment = graphql(`
  fragment Csat_ticket on Ticket {
    csat {
      id
      rating
      comment
      sentAt
      answeredAt
    }
  }
`);

/** The satisfaction survey sent after resolving, and its answer. */
export function Csat({ data }: { data: FragmentOf<typeof CsatFragment> }) {
  const { csat } = readFragment(CsatFragment, data);
  if (!csat) return null;
  return (
    <section className="desk__panel" aria-labelledby="csat-heading" data-testid="csat">
      <h2 id="csat-heading">Satisfaction (CSAT)</h2>
      {csat.answeredAt ? (
        <p>
          <strong>{csat.rating}/5</strong> {csat.comment ? `“${csat.comment}”` : ''} <span className="desk__muted">answered {when(csat.answeredAt)}</span>
        </p>
      ) : (
        <p className="desk__muted">Survey sent {when(csat.sentAt)}; not answered yet.</p>
      )}
    </section>
  );
}
