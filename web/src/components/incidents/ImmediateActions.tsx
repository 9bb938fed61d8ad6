import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { when } from '../../ui/format';

export const ImmediateActionsFragment = graphql(`
  fragment ImmediateActions_incident on Incident {
    id
    checklist {
      key
      label
      doneAt
      doneBy {
        name
      }
    }
  }
`);

const SetChecklist = graphql(`
  mutation SetIncidentChecklistItem($input: SetIncidentChecklistItemInput!) {
    setIncidentChecklistItem(input: $input) {
      id
    }
  }
`);

type Item = ResultOf<typeof ImmediateActionsFragment>['checklist'][number];

/** The incident checklist: the guide's immediate actions for a P0. */
export function ImmediateActions({ data, disabled }: { data: FragmentOf<typeof ImmediateActionsFragment>; disabled: boolean }) {
  const incident = readFragment(ImmediateActionsFragment, data);
  return (
    <section className="desk__panel" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Immediate actions</h2>
      <ul className="list-plain">
        {incident.checklist.map((c) => (
          <li key={c.key}>
            <ChecklistItem incidentId={incident.id} item={c} disabled={disabled} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ChecklistItem({ incidentId, item, disabled }: { incidentId: string; item: Item; disabled: boolean }) {
  const [result, set] = useMutation(SetChecklist);
  return (
    <label>
      <input
        type="checkbox"
        checked={!!item.doneAt}
        disabled={disabled || result.fetching}
        onChange={(e) => void set({ input: { incidentId, key: item.key, done: e.target.checked } })}
      />{' '}
      {item.label}
      {item.doneAt && (
        <span className="desk__muted">
          {' '}
          · {item.doneBy?.name ?? 'done'} {when(item.doneAt)}
        </span>
      )}
    </label>
  );
}
