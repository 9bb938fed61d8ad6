import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { IMPROVEMENT_STATUSES, improvementKindNames, oneOf, type ImprovementStatus } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { words } from '../../ui/format';
import { NewActionForm, type ActionOwnerFragment } from './NewActionForm';

export const ImprovementActionFragment = graphql(`
  fragment ImprovementAction_action on ImprovementAction {
    id
    title
    kind
    status
    dueDate
    overdue
    owner {
      name
    }
    tickets {
      number
    }
  }
`);

const UpdateAction = graphql(`
  mutation UpdateImprovementAction($id: ID!, $input: UpdateImprovementActionInput!) {
    updateImprovementAction(id: $id, input: $input) {
      id
      status
    }
  }
`);

interface Props {
  data: readonly FragmentOf<typeof ImprovementActionFragment>[];
  users: readonly FragmentOf<typeof ActionOwnerFragment>[];
  month: string;
}

/** The improvement action items: who does what by when, and their status. */
export function ImprovementActions({ data, users, month }: Props) {
  const actions = readFragment(ImprovementActionFragment, data);
  const [, update] = useMutation(UpdateAction);
  const [error, setError] = useState<string | null>(null);

  const onStatus = async (id: string, status: ImprovementStatus | undefined) => {
    if (!status) return;
    const result = await update({ id, input: { status } });
    setError(errorText(result.error));
  };

  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Action items</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Tickets</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id}>
              <td>
                {a.title} <small className="desk__muted">{improvementKindNames[a.kind]}</small>
              </td>
              <td>{a.owner.name}</td>
              <td className={a.overdue ? 'desk__overdue' : undefined}>
                {a.dueDate}
                {a.overdue ? ' (overdue)' : ''}
              </td>
              <td>{a.tickets.map((t) => t.number).join(', ')}</td>
              <td>
                <select aria-label={`Status of ${a.title}`} value={a.status} onChange={(e) => onStatus(a.id, oneOf(IMPROVEMENT_STATUSES, e.target.value))}>
                  {IMPROVEMENT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {words(s)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewActionForm month={month} users={users} error={error} />
    </section>
  );
}
