import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { Link } from '../../router';
import { errorText } from '../../ui/errorText';
import { weekdayWhen } from '../../ui/format';

const MeetingsQuery = graphql(`
  query TriageMeetings {
    triageMeetings(first: 30) {
      id
      kind
      title
      startsAt
      status
      items {
        id
        decidedAt
      }
    }
  }
`);

/** The triage meetings, newest first, with how much of each agenda is decided. */
export function MeetingList() {
  const [{ data, error }] = useQuery({ query: MeetingsQuery, requestPolicy: 'cache-and-network' });
  return (
    <main id="main" className="desk desk--team">
      <h1>Triage meetings</h1>
      <p className="desk__sub">
        Daily triage at 09:30 (15 minutes) and the weekly review on Fridays at 14:00 (30 minutes). Each agenda is built from live data when the meeting starts.
      </p>
      {error && (
        <p className="desk__error" role="alert">
          {errorText(error)}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Meeting</th>
            <th scope="col">Starts</th>
            <th scope="col">Agenda</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(data?.triageMeetings ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <Link href={`/triage/${m.id}`}>{m.title}</Link>
              </td>
              <td>{weekdayWhen(m.startsAt)}</td>
              <td>
                {m.items.filter((i) => i.decidedAt).length} of {m.items.length} decided
              </td>
              <td>{m.status === 'DONE' ? <span className="desk__ok">done</span> : 'planned'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.triageMeetings.length === 0 && <p>No meetings yet: the first agenda appears at the next 09:30.</p>}
    </main>
  );
}
