import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../ui/errorText';
import './paging.css';

const PageMttaQuery = graphql(`
  query PageMtta {
    pageMtta(months: 12) {
      month
      pages
      acknowledged
      p50Seconds
      p90Seconds
    }
  }
`);

/** "4m 05s", "1h 15m", or "—". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Pages per month and how fast they were acknowledged (MTTA p50 / p90). */
export function MttaTable() {
  const [{ data, error }] = useQuery({ query: PageMttaQuery, requestPolicy: 'cache-and-network' });
  return (
    <section aria-labelledby="mtta-title" data-testid="page-mtta">
      <h2 id="mtta-title">Paging: time to acknowledge (MTTA), last 12 months</h2>
      {error && <p className="desk__error">{errorText(error)}</p>}
      <div className="table-scroll">
        <table className="desk__table">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Pages</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">MTTA p50</th>
              <th scope="col">MTTA p90</th>
            </tr>
          </thead>
          <tbody>
            {data?.pageMtta.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td>{m.pages}</td>
                <td>{m.acknowledged}</td>
                <td>{duration(m.p50Seconds)}</td>
                <td>{duration(m.p90Seconds)}</td>
              </tr>
            ))}
            {data?.pageMtta.length === 0 && (
              <tr>
                <td colSpan={5}>No pages in the last 12 months.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
