// A ticket's checklist: the guide's "For Every Ticket" lines (Ticket.checklist). Lines the system
// ticks itself are read-only; the others an agent ticks (setTicketChecklistItem).
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';
import { when } from '../../ui/format';

export const TicketChecklistFragment = graphql(`
  fragment TicketChecklist_ticket on Ticket {
    id
    checklist {
      key
      label
      done
      doneAt
      automatic
      doneByName
    }
  }
`);

const ChecklistMutation = graphql(`
  mutation SetTicketChecklistItem($ticketId: ID!, $key: String!, $done: Boolean!) {
    setTicketChecklistItem(ticketId: $ticketId, key: $key, done: $done) {
      id
    }
  }
`);

export function TicketChecklist({ data, canChange }: { data: FragmentOf<typeof TicketChecklistFragment>; canChange: boolean }) {
  const ticket = readFragment(TicketChecklistFragment, data);
  const [checked, setChecklistItem] = useMutation(ChecklistMutation);
  const toggle = (key: string, done: boolean) => void setChecklistItem({ ticketId: ticket.id, key, done });
  return (
    <>
      <section className="desk__panel" aria-labelledby="checklist-heading">
        <h2 id="checklist-heading">Checklist</h2>
        <ul className="list-plain" data-testid="ticket-checklist">
          {ticket.checklist.map((item) => (
            <li key={item.key} data-testid="checklist-item" data-key={item.key} data-done={item.done} data-automatic={item.automatic}>
              <label>
                <input
                  type="checkbox"
                  checked={item.done}
                  disabled={item.automatic || !canChange || checked.fetching}
                  onChange={(e) => toggle(item.key, e.target.checked)}
                />{' '}
                {item.label}
              </label>
              <span className="desk__muted">
                {item.automatic ? ' · automatic' : ''}
                {item.done && item.doneAt ? ` · ${when(item.doneAt)}` : ''}
                {item.doneByName ? ` · ${item.doneByName}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {checked.error && (
        <p role="alert" className="desk__error">
          {errorText(checked.error)}
        </p>
      )}
    </>
  );
}
