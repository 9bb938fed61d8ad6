import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { Countdown } from '../../ui/Countdown';
import { errorText } from '../../ui/errorText';

export const CadenceFragment = graphql(`
  fragment Cadence_incident on Incident {
    id
    internalUpdateMinutes
    statusPageUpdateMinutes
    nextInternalUpdateDueAt
    nextStatusPageUpdateDueAt
  }
`);

const SetCadence = graphql(`
  mutation SetIncidentCadence($input: SetIncidentCadenceInput!) {
    setIncidentCadence(input: $input) {
      id
    }
  }
`);

/** When the next internal and status page updates are due, against the incident's cadence. */
export function CadencePanel({ data, canChange }: { data: FragmentOf<typeof CadenceFragment>; canChange: boolean }) {
  const incident = readFragment(CadenceFragment, data);
  return (
    <section className="desk__row desk__panel cadence" aria-label="Update cadence">
      <span>
        Next internal update (every {incident.internalUpdateMinutes} min): <Countdown to={incident.nextInternalUpdateDueAt} testId="next-internal-update" />
      </span>
      <span>
        Next status page update (every {incident.statusPageUpdateMinutes} min):{' '}
        <Countdown to={incident.nextStatusPageUpdateDueAt} testId="next-status-page-update" />
      </span>
      {canChange && <CadenceForm incidentId={incident.id} minutes={incident.internalUpdateMinutes} />}
    </section>
  );
}

function CadenceForm({ incidentId, minutes }: { incidentId: string; minutes: number }) {
  const [result, set] = useMutation(SetCadence);
  return (
    <span>
      <label htmlFor="cadence">Internal cadence</label>{' '}
      <select
        id="cadence"
        value={minutes}
        disabled={result.fetching}
        onChange={(e) => void set({ input: { incidentId, internalUpdateMinutes: Number(e.target.value) } })}
      >
        {[...new Set([15, 20, 30, minutes])]
          .sort((a, b) => a - b)
          .map((m) => (
            <option key={m} value={m}>
              {m} min
            </option>
          ))}
      </select>
      {result.error && <span role="alert"> {errorText(result.error)}</span>}
    </span>
  );
}
