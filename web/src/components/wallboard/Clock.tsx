import { formatClock, formatDate } from '../../ui/format';

export function Clock({ now }: { now: number }) {
  const time = formatClock(now);
  return (
    <p className="clock" data-testid="clock">
      <time dateTime={new Date(now).toISOString()}>
        <span className="clock__hm">{time.slice(0, 5)}</span>
        <span className="clock__s">{time.slice(5)}</span>
      </time>
      <span className="clock__date">{formatDate(now)}</span>
    </p>
  );
}
