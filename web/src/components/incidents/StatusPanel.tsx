import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { NEXT_INCIDENT_STATUS, oneOf, RESOLUTION_KINDS, type IncidentStatus, type ResolutionKind } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { when, words } from '../../ui/format';

export const StatusFragment = graphql(`
  fragment Status_incident on Incident {
    id
    status
    resolutionKind
    resolvedAt
  }
`);

const SetStatus = graphql(`
  mutation SetIncidentStatus($input: SetIncidentStatusInput!) {
    setIncidentStatus(input: $input) {
      id
      status
    }
  }
`);

/** The incident's status and the moves open from it: monitoring after a fix or rollback, then resolve. */
export function StatusPanel({ data, canChange }: { data: FragmentOf<typeof StatusFragment>; canChange: boolean }) {
  const incident = readFragment(StatusFragment, data);
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState<ResolutionKind>('FIX');
  const [notify, setNotify] = useState(true);
  const [result, set] = useMutation(SetStatus);
  const options = NEXT_INCIDENT_STATUS[incident.status];
  const move = async (status: IncidentStatus) => {
    const r = await set({
      input: {
        incidentId: incident.id,
        status,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(status === 'MONITORING' ? { resolution } : {}),
        ...(status === 'RESOLVED' ? { notifyRequesters: notify } : {}),
      },
    });
    if (!r.error) setNote('');
  };
  return (
    <section className="desk__panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        {words(incident.status)}
        {incident.resolutionKind ? ` (${words(incident.resolutionKind)})` : ''}
        {incident.resolvedAt ? `, resolved ${when(incident.resolvedAt)}` : ''}
      </p>
      {canChange && options.length > 0 && (
        <div className="desk__form">
          <label htmlFor="status-note">Status note{options.includes('MONITORING') ? ' (to enter monitoring: the fix or rollback)' : ''}</label>
          <input id="status-note" value={note} onChange={(e) => setNote(e.target.value)} />
          {options.includes('MONITORING') && (
            <>
              <label htmlFor="status-resolution">Monitoring after a</label>
              <select id="status-resolution" value={resolution} onChange={(e) => setResolution(oneOf(RESOLUTION_KINDS, e.target.value) ?? resolution)}>
                {RESOLUTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {words(k)}
                  </option>
                ))}
              </select>
            </>
          )}
          {options.includes('RESOLVED') && (
            <label>
              <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} /> Send the resolution notice to every linked ticket's
              requester
            </label>
          )}
          <div className="desk__row">
            {options.map((s) => (
              <button key={s} type="button" className={s === 'RESOLVED' ? 'primary' : undefined} disabled={result.fetching} onClick={() => move(s)}>
                {s === 'RESOLVED' ? 'Resolve' : `Move to ${words(s)}`}
              </button>
            ))}
          </div>
          {result.error && (
            <p role="alert" className="desk__error">
              {errorText(result.error)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
