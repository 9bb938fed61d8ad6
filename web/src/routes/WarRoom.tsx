import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { Link, useParams } from '../router';
import { useCan } from '../viewer';
import { Countdown } from '../ui/Countdown';
import { errorText } from '../ui/errorText';
import { when, words } from '../ui/format';
import { PriorityBadge } from '../ui/PriorityBadge';
import { CadenceFragment, CadencePanel } from '../components/incidents/CadencePanel';
import { ImmediateActions, ImmediateActionsFragment } from '../components/incidents/ImmediateActions';
import { LinkedTickets, LinkedTicketsFragment } from '../components/incidents/LinkedTickets';
import { PostmortemEditor, PostmortemFragment } from '../components/incidents/PostmortemEditor';
import { PostUpdate } from '../components/incidents/PostUpdate';
import { PublicTitle, PublicTitleFragment } from '../components/incidents/PublicTitle';
import { ResponderFragment, RolesFragment, RolesPanel } from '../components/incidents/RolesPanel';
import { StatusFragment, StatusPanel } from '../components/incidents/StatusPanel';
import { Timeline } from '../components/incidents/Timeline';
import { TimelineFragment, useTimeline } from '../components/incidents/useTimeline';

const WarRoomQuery = graphql(
  `
    query WarRoom($id: ID!) {
      incident(id: $id) {
        id
        number
        title
        severity
        status
        declaredAt
        monitoringUntil
        incidentCommander {
          id
          name
        }
        ...Timeline_incident
        ...Cadence_incident
        ...Status_incident
        ...Roles_incident
        ...ImmediateActions_incident
        ...LinkedTickets_incident
        ...Postmortem_incident
        ...PublicTitle_incident
      }
      users {
        ...Responder_user
      }
    }
  `,
  [
    TimelineFragment,
    CadenceFragment,
    StatusFragment,
    RolesFragment,
    ImmediateActionsFragment,
    LinkedTicketsFragment,
    PostmortemFragment,
    PublicTitleFragment,
    ResponderFragment,
  ],
);

/** The war room: live timeline, updates against the cadence, roles, status, status page, tickets, resolve, post-mortem. */
export default function WarRoom() {
  const { id = '' } = useParams<{ id: string }>();
  const [{ data, error, fetching }, refetch] = useQuery({ query: WarRoomQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const incident = data?.incident;
  useDocumentTitle(incident ? `INC-${incident.number} war room` : 'War room');
  const timeline = useTimeline(id, incident);
  useLiveEvents(['incidents'], (event) => {
    if (!event || event.entityId === id) refetch({ requestPolicy: 'network-only' });
  });
  const canChange = useCan('agent');
  // Every change made here answers with the Incident, which refreshes this query (urql's document
  // cache); changes made elsewhere arrive as events.

  if (!incident) {
    return (
      <main id="main" className="desk">
        <h1>War room</h1>
        {error ? (
          <p role="alert" className="desk__error">
            {errorText(error)}
          </p>
        ) : (
          <p>{fetching ? 'Loading…' : 'No such incident.'}</p>
        )}
      </main>
    );
  }
  const resolved = incident.status === 'RESOLVED';

  return (
    <main id="main" className="desk" data-testid="war-room">
      <p className="desk__muted">
        <Link href="/incidents">Incidents</Link> / INC-{incident.number}
      </p>
      <h1>
        <PriorityBadge priority={incident.severity} /> INC-{incident.number}: {incident.title}
      </h1>
      <p className="desk__row">
        <strong data-testid="incident-status">{words(incident.status)}</strong>
        <span>· declared {when(incident.declaredAt)}</span>
        <span>
          · commander <strong data-testid="incident-commander">{incident.incidentCommander?.name ?? 'none'}</strong>
        </span>
        {incident.monitoringUntil && !resolved && (
          <span>
            · monitoring ends <Countdown to={incident.monitoringUntil} />
          </span>
        )}
      </p>
      {!resolved && <CadencePanel data={incident} canChange={canChange} />}
      <div className="desk__grid">
        <div>
          {canChange && !resolved && <PostUpdate incidentId={incident.id} />}
          <Timeline entries={timeline} />
          <PostmortemEditor data={incident} timeline={timeline} canChange={canChange} />
        </div>
        <div>
          <StatusPanel data={incident} canChange={canChange} />
          <PublicTitle data={incident} canChange={canChange} />
          <RolesPanel data={incident} users={data.users} canChange={canChange && !resolved} />
          <ImmediateActions data={incident} disabled={!canChange} />
          <LinkedTickets data={incident} canLink={canChange && !resolved} />
        </div>
      </div>
    </main>
  );
}
