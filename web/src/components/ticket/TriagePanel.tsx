import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { errorText, words } from '../desk/Countdown';

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

export const TICKET_TYPES = ['BUG', 'QUESTION', 'FEATURE_REQUEST', 'ACCOUNT_ACCESS', 'COMPLAINT', 'FEEDBACK'] as const;
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

interface TriageTicketRow {
  id: string;
  number: string;
  title: string;
  priority: string | null;
  type: string | null;
  owner: { id: string } | null;
  triageSuggestion: { priority: string; reason: string; team: string };
}

/** The guide's Step 2: type, priority (the suggestion preselected) and owner. */
export function TriagePanel({ ticket, users, defaultOwner, onDone }: { ticket: TriageTicketRow; users: readonly { id: string; name: string; role: string }[]; defaultOwner: string | null; onDone: () => void }) {
  const [type, setType] = useState<string>(ticket.type ?? 'BUG');
  const [priority, setPriority] = useState<string>(ticket.priority ?? ticket.triageSuggestion.priority);
  const [owner, setOwner] = useState<string>(ticket.owner?.id ?? defaultOwner ?? users[0]?.id ?? '');
  const [result, triage] = useMutation(TriageMutation);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async () => {
    const r = await triage({ id: ticket.id, input: { type: type as never, priority: priority as never, ownerId: owner } });
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
        <select id="triage-type" ref={first} value={type} onChange={(e) => setType(e.target.value)}>
          {TICKET_TYPES.map((t) => (
            <option key={t} value={t}>
              {words(t)}
            </option>
          ))}
        </select>
        <label htmlFor="triage-priority">Priority</label>
        <select id="triage-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
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
      {result.error && <p role="alert" className="desk__error">{errorText(result.error)}</p>}
    </section>
  );
}
