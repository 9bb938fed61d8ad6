// A ticket's checklist (the guide's steps for its type). The ticket page renders it once the API
// has `Ticket.checklist`: add `checklist { key label doneAt doneBy { name } }` to the page's query
// and pass `onToggle` calling the checklist mutation.
export interface ChecklistItem {
  key: string;
  label: string;
  doneAt: string | null;
  doneBy?: { name: string } | null;
}

export function TicketChecklist({ items, disabled, onToggle }: { items: readonly ChecklistItem[]; disabled: boolean; onToggle?: (key: string, done: boolean) => void }) {
  return (
    <section className="desk__panel" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Checklist</h2>
      <ul className="list-plain" data-testid="ticket-checklist">
        {items.map((item) => (
          <li key={item.key}>
            <label>
              <input type="checkbox" checked={!!item.doneAt} disabled={disabled || !onToggle} onChange={(e) => onToggle?.(item.key, e.target.checked)} /> {item.label}
              {item.doneBy && <span className="desk__muted"> · {item.doneBy.name}</span>}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
