import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { oneOf, PRIORITIES, TICKET_TYPES, type Priority, type TicketType } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { weekdayWhen, words } from '../../ui/format';

export const AgendaItemFragment = graphql(`
  fragment AgendaItem_item on TriageAgendaItem {
    id
    suggestedPriority
    suggestedReason
    suggestedTeam
    suggestedOwner {
      id
      name
    }
    decidedPriority
    decidedOwner {
      name
    }
    decidedAt
    ticket {
      id
      number
      title
      status
      type
      priority
      channel
      createdAt
    }
  }
`);

export const DecisionOwnerFragment = graphql(`
  fragment DecisionOwner_user on User {
    id
    name
    role
  }
`);

const DecideMutation = graphql(`
  mutation DecideTriageItem($input: TriageDecisionInput!) {
    decideTriageItem(input: $input) {
      id
      decidedPriority
      decidedAt
      decidedOwner {
        name
      }
    }
  }
`);

interface Props {
  data: FragmentOf<typeof AgendaItemFragment>;
  users: readonly FragmentOf<typeof DecisionOwnerFragment>[];
  /** The meeting is done: decisions can no longer be recorded. */
  closed: boolean;
  onDecided: () => void;
}

/** One ticket on the agenda: the suggestion, and the meeting's decision (priority, owner, type). */
export function AgendaItem({ data, users, closed, onDecided }: Props) {
  const item = readFragment(AgendaItemFragment, data);
  const staff = readFragment(DecisionOwnerFragment, users).filter((u) => u.role !== 'VIEWER');
  const [priority, setPriority] = useState<Priority>(item.decidedPriority ?? item.ticket.priority ?? item.suggestedPriority);
  const [ownerId, setOwnerId] = useState<string>(item.suggestedOwner?.id ?? staff[0]?.id ?? '');
  const [type, setType] = useState<TicketType | ''>(item.ticket.type ?? '');
  const [state, decide] = useMutation(DecideMutation);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const result = await decide({ input: { itemId: item.id, priority, ownerId, type: type || null } });
    if (result.error) setError(errorText(result.error));
    else onDecided();
  };

  return (
    <article className="desk__card" data-testid="agenda-item">
      <h3>
        {item.ticket.number} {item.ticket.title}
      </h3>
      <p className="desk__muted">
        {words(item.ticket.channel)} · {words(item.ticket.status)} · {item.ticket.priority ?? 'no priority'} · opened {weekdayWhen(item.ticket.createdAt)}
      </p>
      <p>
        Suggested: <strong>{item.suggestedPriority}</strong> ({item.suggestedReason}); {words(item.suggestedTeam)}
        {item.suggestedOwner ? `, ${item.suggestedOwner.name}` : ''}
      </p>
      {item.decidedAt && (
        <p className="desk__ok">
          Decided: {item.decidedPriority}, {item.decidedOwner?.name}
        </p>
      )}
      <form onSubmit={onSubmit} aria-label="Decision">
        <div className="desk__row">
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(oneOf(PRIORITIES, e.target.value) ?? priority)}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Owner
            <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Type
            <select value={type} onChange={(e) => setType(oneOf(TICKET_TYPES, e.target.value) ?? '')}>
              <option value="">{item.ticket.type ? words(item.ticket.type) : 'choose…'}</option>
              {TICKET_TYPES.map((t) => (
                <option key={t} value={t}>
                  {words(t)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="desk__row">
          <button type="submit" className="primary" disabled={closed || state.fetching || !ownerId}>
            Record decision
          </button>
        </div>
        {error && (
          <p className="desk__error" role="alert">
            {error}
          </p>
        )}
      </form>
    </article>
  );
}
