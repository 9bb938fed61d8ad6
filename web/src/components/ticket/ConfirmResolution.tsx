import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { when } from '../../ui/format';

export const ClosingFragment = graphql(`
  fragment Closing_ticket on Ticket {
    id
    status
    closure
    closeReason
    confirmationAskedAt
    confirmationRemindedAt
  }
`);

const ConfirmMutation = graphql(`
  mutation ConfirmTicketResolution($id: ID!, $how: ConfirmationMethod!, $note: String) {
    confirmTicketResolution(id: $id, how: $how, note: $note) {
      id
      status
      closure
    }
  }
`);

const CloseMutation = graphql(`
  mutation CloseWithoutConfirmation($id: ID!, $reason: String!) {
    updateTicket(id: $id, input: { status: CLOSED, closeReason: $reason }) {
      id
      status
      closure
      closeReason
    }
  }
`);

const HOW = [
  ['PHONE', 'By phone'],
  ['CHAT', 'In chat'],
  ['EMAIL', 'By e-mail'],
  ['REPLY', 'In a reply on the ticket'],
  ['IN_PERSON', 'In person'],
  ['OTHER', 'Another way'],
] as const;
type How = (typeof HOW)[number][0];

const CLOSURE_WORDS = {
  USER_CONFIRMED: 'Closed after the user confirmed the fix',
  WITHOUT_CONFIRMATION: 'Closed without the user’s confirmation',
  AUTO_CLOSED: 'Closed by the quiet period, without the user’s confirmation',
} as const;

/**
 * The guide's Step 5–6, "ask for confirmation; close ticket after confirmation": a resolved ticket
 * closes when the user confirmed (recorded here with how), or, with a reason, without it.
 */
export function ConfirmResolution({ data, canChange }: { data: FragmentOf<typeof ClosingFragment>; canChange: boolean }) {
  const ticket = readFragment(ClosingFragment, data);
  const [how, setHow] = useState<How | ''>('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [confirmState, confirm] = useMutation(ConfirmMutation);
  const [closeState, close] = useMutation(CloseMutation);

  if (ticket.status === 'CLOSED' && ticket.closure) {
    return (
      <section className="desk__panel" aria-labelledby="closing-heading" data-testid="closing" data-closure={ticket.closure}>
        <h2 id="closing-heading">Closing</h2>
        <p>{CLOSURE_WORDS[ticket.closure]}</p>
        {ticket.closeReason && <p className="desk__muted">Reason: {ticket.closeReason}</p>}
      </section>
    );
  }
  if (ticket.status !== 'RESOLVED' || !canChange) return null;
  return (
    <section className="desk__panel" aria-labelledby="closing-heading" data-testid="closing">
      <h2 id="closing-heading">Did the user confirm the fix?</h2>
      <p className="desk__muted">
        {ticket.confirmationAskedAt ? `Asked ${when(ticket.confirmationAskedAt)}` : 'Not asked yet: the quiet-period job asks within five minutes'}
        {ticket.confirmationRemindedAt ? `; reminded ${when(ticket.confirmationRemindedAt)}.` : '.'} A reply from the user closes or reopens it by itself.
      </p>
      <form
        className="desk__form"
        aria-label="User confirmed"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!how) return;
          await confirm({ id: ticket.id, how, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <label htmlFor="confirm-how">How they confirmed</label>
        <select id="confirm-how" value={how} required onChange={(e) => setHow(e.target.value as How | '')}>
          <option value="">Choose…</option>
          {HOW.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor="confirm-note">Note (optional)</label>
        <input id="confirm-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="What they said" />
        {confirmState.error && (
          <p role="alert" className="desk__error">
            {errorText(confirmState.error)}
          </p>
        )}
        <button type="submit" disabled={confirmState.fetching || !how}>
          User confirmed
        </button>
      </form>
      <form
        className="desk__form"
        aria-label="Close without confirmation"
        onSubmit={async (e) => {
          e.preventDefault();
          await close({ id: ticket.id, reason: reason.trim() });
        }}
      >
        <label htmlFor="close-reason">Close without confirmation: why</label>
        <textarea id="close-reason" rows={2} value={reason} required onChange={(e) => setReason(e.target.value)} placeholder="Counted in the monthly review" />
        {closeState.error && (
          <p role="alert" className="desk__error">
            {errorText(closeState.error)}
          </p>
        )}
        <button type="submit" disabled={closeState.fetching || !reason.trim()}>
          Close without confirmation
        </button>
      </form>
    </section>
  );
}
