import { oneOf, STATUSES_AFTER_ANSWER, type TicketStatus } from '../../ui/enums';
import { words } from '../../ui/format';

export type StatusAfter = (typeof STATUSES_AFTER_ANSWER)[number] & TicketStatus;

/** "Then set the ticket to": the statuses an answer may move the ticket to, or leave it. */
export function StatusAfterAnswer({ id, value, onChange }: { id: string; value: StatusAfter | ''; onChange: (status: StatusAfter | '') => void }) {
  return (
    <>
      <label htmlFor={id}>Then set the ticket to</label>
      <select id={id} value={value} onChange={(e) => onChange(oneOf(STATUSES_AFTER_ANSWER, e.target.value) ?? '')}>
        <option value="">(leave the status)</option>
        {STATUSES_AFTER_ANSWER.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
    </>
  );
}
