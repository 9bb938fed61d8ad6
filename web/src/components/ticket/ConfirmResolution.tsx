import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../ui/errorText';

const ConfirmMutation = graphql(`
  mutation ConfirmTicketResolution($id: ID!, $note: String) {
    confirmTicketResolution(id: $id, note: $note) {
      id
      status
    }
  }
`);

/** A resolved ticket whose requester confirmed the fix (by phone, in chat) is closed from here. */
export function ConfirmResolution({ ticketId }: { ticketId: string }) {
  const [note, setNote] = useState('');
  const [state, confirm] = useMutation(ConfirmMutation);
  return (
    <section className="desk__panel" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">User confirmed the fix</h2>
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          await confirm({ id: ticketId, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <label htmlFor="confirm-note">How they confirmed (optional)</label>
        <input id="confirm-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="By phone, in chat, …" />
        {state.error && (
          <p role="alert" className="desk__error">
            {errorText(state.error)}
          </p>
        )}
        <button type="submit" disabled={state.fetching}>
          User confirmed
        </button>
      </form>
    </section>
  );
}
