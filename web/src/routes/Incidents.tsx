import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents, useThrottled } from '../hooks/useLiveEvents';
import { useCan } from '../viewer';
import { errorText } from '../ui/errorText';
import { DeclareForm } from '../components/incidents/DeclareForm';
import { IncidentRowFragment, IncidentTable } from '../components/incidents/IncidentTable';

const IncidentsQuery = graphql(
  `
    query Incidents($active: Boolean) {
      incidents(active: $active) {
        id
        ...IncidentRow_incident
      }
    }
  `,
  [IncidentRowFragment],
);

/** Active war rooms first, then the resolved ones. */
export default function Incidents() {
  useDocumentTitle('Incidents');
  const [active, refetchActive] = useQuery({ query: IncidentsQuery, variables: { active: true }, requestPolicy: 'cache-and-network' });
  const [resolved, refetchResolved] = useQuery({ query: IncidentsQuery, variables: { active: false }, requestPolicy: 'cache-and-network' });
  const reload = useThrottled(() => {
    refetchActive({ requestPolicy: 'network-only' });
    refetchResolved({ requestPolicy: 'network-only' });
  });
  useLiveEvents(['incidents'], reload);
  const canDeclare = useCan('agent');

  return (
    <main id="main" className="desk">
      <h1>Incidents</h1>
      {canDeclare && <DeclareForm />}
      <h2>Active</h2>
      {active.error && (
        <p role="alert" className="desk__error">
          {errorText(active.error)}
        </p>
      )}
      <IncidentTable data={active.data?.incidents ?? []} live />
      <h2>Resolved</h2>
      <IncidentTable data={resolved.data?.incidents ?? []} live={false} />
    </main>
  );
}
