import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { IMPROVEMENT_KINDS, improvementKindNames, oneOf, type ImprovementKind } from '../../ui/enums';
import { errorText } from '../../ui/errorText';

export const ActionOwnerFragment = graphql(`
  fragment ActionOwner_user on User {
    id
    name
    role
  }
`);

const CreateAction = graphql(`
  mutation CreateImprovementAction($input: ImprovementActionInput!) {
    createImprovementAction(input: $input) {
      id
    }
  }
`);

interface Props {
  month: string;
  users: readonly FragmentOf<typeof ActionOwnerFragment>[];
  /** A failed status change in the table above, shown with this form's own errors. */
  error: string | null;
}

export function NewActionForm({ month, users, error: statusError }: Props) {
  const staff = readFragment(ActionOwnerFragment, users).filter((u) => u.role !== 'VIEWER');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ImprovementKind>('PROCESS');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [tickets, setTickets] = useState('');
  const [created, create] = useMutation(CreateAction);
  const [createError, setCreateError] = useState<string | null>(null);
  const error = createError ?? statusError;

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreateError(null);
    const list = tickets.split(/[\s,]+/).filter(Boolean);
    const result = await create({ input: { month, title, kind, ownerId, dueDate, tickets: list } });
    if (result.error) setCreateError(errorText(result.error));
    else {
      setTitle('');
      setTickets('');
    }
  };

  return (
    <form onSubmit={onCreate} className="desk__card" aria-labelledby="new-action-heading">
      <h3 id="new-action-heading">New action item</h3>
      <div className="desk__row">
        <label>
          Action
          <input value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(oneOf(IMPROVEMENT_KINDS, e.target.value) ?? kind)}>
            {IMPROVEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {improvementKindNames[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)} required>
            <option value="">choose…</option>
            {staff.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due date
          <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
        </label>
        <label>
          Tickets
          <input value={tickets} onChange={(e) => setTickets(e.target.value)} placeholder="PM-12, PM-40" />
        </label>
        <button type="submit" className="primary" disabled={created.fetching}>
          Add action item
        </button>
      </div>
      {error && (
        <p className="desk__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
