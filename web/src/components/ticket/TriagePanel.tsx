import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { oneOf, PRIORITIES, TICKET_TYPES, type Priority, type TicketType } from '../../ui/enums';
import { errorText } from '../../ui/errorText';
import { words } from '../../ui/format';

// Unmasked: the queue selects these fields inline for its rows (see routes/Queue.tsx).
export const TriagePanelFragment = graphql(`
  fragment TriagePanel_ticket on Ticket @_unmask {
    id
    number
    title
    priority
    type
    owner {
      id
    }
    triageSuggestion {
      priority
      reason
      team
    }
  }
`);

export const TriageOwnerFragment = graphql(`
  fragment TriageOwner_user on User {
    id
    name
    role
  }
`);

const TriageMutation = graphql(`
  mutation TriageTicket($id: ID!, $input: TriageInput!) {
    triageTicket(id: $id, input: $input) {
      id
      status
      priority
      type
      owner {
        id
        name
      }
    }
  }
`);

interface Props {
  data: ResultOf<typeof TriagePanelFragment>;
  users: readonly FragmentOf<typeof TriageOwnerFragment>[];
  defaultOwner: string | null;
  onDone: () => void;
}

/** The guide's Step 2: type, priority (the suggestion preselected) and owner. */
export function TriagePanel({ data: ticket, users: owners, defaultOwner, onDone }: Props) {
  const users = readFragment(TriageOwnerFragment, owners);
  const [type, setType] = useState<TicketType>(ticket.type ?? 'BUG');
  const [priority, setPriority] = useState<Priority>(ticket.priority ?? ticket.triageSuggestion.priority);
  const [owner, setOwner] = useState<string>(ticket.owner?.id ?? defaultOwner ?? users[0]?.id ?? '');
  const [result, triage] = useMutation(TriageMutation);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async () => {
    const r = await triage({ id: ticket.id, input: { type, priority, ownerId: owner } });
    if (!r.error) onDone();
  };

  return (
    <section className="desk__panel" aria-labelledby="triage-heading" data-testid="triage-panel" onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <h2 id="triage-heading">
        Triage {ticket.number}: {ticket.title}
      </h2>
      <p className="desk__muted">
        Suggested {ticket.triageSuggestion.priority} for the {words(ticket.triageSuggestion.team)} team: {ticket.triageSuggestion.reason}
      </p>
      <form
        className="desk__row"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="triage-type">Type</label>
        <select id="triage-type" ref={first} value={type} onChange={(e) => setType(oneOf(TICKET_TYPES, e.target.value) ?? type)}>
          {TICKET_TYPES.map((t) => (
            <option key={t} value={t}>
              {words(t)}
            </option>
          ))}
        </select>
        <label htmlFor="triage-priority">Priority</label>
        <select id="triage-priority" value={priority} onChange={(e) => setPriority(oneOf(PRIORITIES, e.target.value) ?? priority)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <label htmlFor="triage-owner">Owner</label>
        <select id="triage-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
          {users
            .filter((u) => u.role !== 'VIEWER')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
        <button type="submit" className="primary" disabled={result.fetching || !owner}>
          Triage
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </form>
      {result.error && (
        <p role="alert" className="desk__error">
          {errorText(result.error)}
        </p>
      )}
    </section>
  );
}
