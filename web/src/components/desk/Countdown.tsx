import { useNow } from '../../hooks/useNow';
import { formatAgeTicking } from '../../format';

/** A countdown that ticks every second: "12m 05s", "overdue 3m 10s" in red once past. */
export function Countdown({ to, label, testId }: { to: string | null | undefined; label?: string; testId?: string }) {
  const now = useNow();
  if (!to) return <span data-testid={testId}>—</span>;
  const left = Date.parse(to) - now;
  const overdue = left < 0;
  return (
    <time dateTime={to} data-testid={testId} data-overdue={overdue ? 'true' : 'false'} className={overdue ? 'overdue' : undefined} title={new Date(to).toLocaleString()}>
      {label ? `${label} ` : ''}
      {overdue ? `overdue ${formatAgeTicking(-left)}` : formatAgeTicking(left)}
    </time>
  );
}

export function PriorityTag({ priority }: { priority: string | null | undefined }) {
  return priority ? (
    <span className={`prio prio--${priority}`}>{priority}</span>
  ) : (
    <span className="prio prio--none" title="Not triaged yet">
      —
    </span>
  );
}

export function errorText(error: { graphQLErrors: { message: string }[]; networkError?: unknown; message: string } | undefined | null): string | null {
  if (!error) return null;
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  if (messages.length) return messages.join(' ');
  return error.networkError ? 'Cannot reach the opsboard server.' : error.message;
}

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export const words = (s: string) => s.toLowerCase().replace(/_/g, ' ');
