import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents, useThrottled } from '../hooks/useLiveEvents';
import { Link, navigate } from '../router';
import { useCan } from '../viewer';
import { Countdown, errorText, PriorityTag, when, words } from '../components/desk/Countdown';

const IncidentsQuery = graphql(`
  query Incidents($active: Boolean) {
    incidents(active: $active) {
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
  }
`);

const DeclareMutation = graphql(`
  mutation DeclareIncident($input: DeclareIncidentInput!) {
    declareIncident(input: $input) {
      id
    }
  }
`);

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
      {active.error && <p role="alert" className="desk__error">{errorText(active.error)}</p>}
      <IncidentTable rows={active.data?.incidents ?? []} live />
      <h2>Resolved</h2>
      <IncidentTable rows={resolved.data?.incidents ?? []} live={false} />
    </main>
  );
}

type Row = {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  declaredAt: string;
  resolvedAt: string | null;
  nextInternalUpdateDueAt: string | null;
  linkedTicketCount: number;
  incidentCommander: { name: string } | null;
  postmortem: { status: string; dueAt: string } | null;
};

function IncidentTable({ rows, live }: { rows: readonly Row[]; live: boolean }) {
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
              <PriorityTag priority={i.severity} />
            </td>
            <td>{i.title}</td>
            <td>{words(i.status)}</td>
            <td>{i.incidentCommander?.name ?? '—'}</td>
            <td>{live ? <Countdown to={i.nextInternalUpdateDueAt} /> : i.postmortem ? `${words(i.postmortem.status)} (due ${when(i.postmortem.dueAt)})` : '—'}</td>
            <td>{i.linkedTicketCount}</td>
            <td>{when(i.declaredAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeclareForm() {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('P0');
  const [result, declare] = useMutation(DeclareMutation);
  return (
    <details className="desk__panel">
      <summary>Declare an incident</summary>
      <form
        className="desk__row"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await declare({ input: { title: title.trim(), severity: severity as never } });
          if (r.data) navigate(`/incidents/${r.data.declareIncident.id}`);
        }}
      >
        <label htmlFor="declare-title">Title</label>
        <input id="declare-title" required value={title} onChange={(e) => setTitle(e.target.value)} size={50} />
        <label htmlFor="declare-severity">Severity</label>
        <select id="declare-severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          {['P0', 'P1', 'P2', 'P3'].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={result.fetching || !title.trim()}>
          Declare
        </button>
      </form>
      {result.error && <p role="alert" className="desk__error">{errorText(result.error)}</p>}
    </details>
  );
}
