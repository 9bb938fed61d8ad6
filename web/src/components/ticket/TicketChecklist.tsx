// A ticket's checklist: the guide's "For Every Ticket" lines (Ticket.checklist). Lines the system
// ticks itself are read-only; the others an agent ticks with `onToggle` (setTicketChecklistItem).
import { when } from '../desk/Countdown';

export interface ChecklistItem {
  key: string;
  label: string;
  done: boolean;
  doneAt: string | null;
  automatic: boolean;
  doneByName: string | null;
}

export function TicketChecklist({ items, disabled, onToggle }: { items: readonly ChecklistItem[]; disabled: boolean; onToggle?: (key: string, done: boolean) => void }) {
  return (
    <section className="desk__panel" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Checklist</h2>
      <ul className="list-plain" data-testid="ticket-checklist">
        {items.map((item) => (
          <li key={item.key} data-testid="checklist-item" data-key={item.key} data-done={item.done} data-automatic={item.automatic}>
            <label>
              <input type="checkbox" checked={item.done} disabled={item.automatic || disabled || !onToggle} onChange={(e) => onToggle?.(item.key, e.target.checked)} /> {item.label}
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
  );
}
