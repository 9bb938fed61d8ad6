import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { Link } from '../../router';
import { Countdown } from '../../ui/Countdown';
import { when, words } from '../../ui/format';
import { PriorityBadge } from '../../ui/PriorityBadge';

export const IncidentRowFragment = graphql(`
  fragment IncidentRow_incident on Incident {
    id
    number
    title
    severity
    status
    declaredAt
    resolvedAt
    nextInternalUpdateDueAt
    linkedTicketCount
    incidentCommander {
      name
    }
    postmortem {
      status
      dueAt
    }
  }
`);

/** Active incidents with their next update due; resolved ones with their post-mortem. */
export function IncidentTable({ data, live }: { data: readonly FragmentOf<typeof IncidentRowFragment>[]; live: boolean }) {
  const rows = readFragment(IncidentRowFragment, data);
  if (rows.length === 0) return <p>None.</p>;
  return (
    <table className="desk__table" data-testid={live ? 'incidents-active' : 'incidents-resolved'}>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Severity</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Commander</th>
          <th scope="col">{live ? 'Next update' : 'Post-mortem'}</th>
          <th scope="col">Tickets</th>
          <th scope="col">Declared</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <tr key={i.id}>
            <td>
              <Link href={`/incidents/${i.id}`}>INC-{i.number}</Link>
            </td>
            <td>
              <PriorityBadge priority={i.severity} />
            </td>
            <td>{i.title}</td>
            <td>{words(i.status)}</td>
            <td>{i.incidentCommander?.name ?? '—'}</td>
            <td>
              {live ? <Countdown to={i.nextInternalUpdateDueAt} /> : i.postmortem ? `${words(i.postmortem.status)} (due ${when(i.postmortem.dueAt)})` : '—'}
            </td>
            <td>{i.linkedTicketCount}</td>
            <td>{when(i.declaredAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
