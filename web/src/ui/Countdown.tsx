import { useNow } from '../hooks/useNow';
import { formatAgeTicking } from './format';

/** A countdown that ticks every second: "12m 05s", "overdue 3m 10s" in red once past. */
export function Countdown({ to, label, testId }: { to: string | null | undefined; label?: string; testId?: string }) {
  const now = useNow();
  if (!to) return <span data-testid={testId}>—</span>;
  const left = Date.parse(to) - now;
  const overdue = left < 0;
  return (
    <time
      dateTime={to}
      data-testid={testId}
      data-overdue={overdue ? 'true' : 'false'}
      className={overdue ? 'overdue' : undefined}
      title={new Date(to).toLocaleString()}
    >
      {label ? `${label} ` : ''}
      {overdue ? `overdue ${formatAgeTicking(-left)}` : formatAgeTicking(left)}
    </time>
  );
}
