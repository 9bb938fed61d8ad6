const pad = (n: number) => String(n).padStart(2, '0');

/** 24-hour wall-clock time, e.g. 14:03:09. */
export function formatClock(ms: number, withSeconds = true): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

function parts(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1_000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3_600),
    minutes: Math.floor((total % 3_600) / 60),
    seconds: total % 60,
  };
}

/** Compact age for list rows: 45s, 12m, 3h 04m, 2d 3h. */
export function formatAge(ms: number): string {
  const { days, hours, minutes, seconds } = parts(ms);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

/** Full age that visibly ticks every second: 2d 3h 04m 09s, 12m 05s. */
export function formatAgeTicking(ms: number): string {
  const { days, hours, minutes, seconds } = parts(ms);
  const clock = `${pad(minutes)}m ${pad(seconds)}s`;
  if (days > 0) return `${days}d ${hours}h ${clock}`;
  if (hours > 0) return `${hours}h ${clock}`;
  return `${minutes}m ${pad(seconds)}s`;
}

export function ageMs(isoDate: string, now: number): number {
  const at = Date.parse(isoDate);
  return Number.isNaN(at) ? 0 : now - at;
}

/** A date and time for desk pages: "3 Mar 2026, 14:05"; "—" for none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

/** An enum value in words: IN_PROGRESS → "in progress". */
export const words = (s: string) => s.toLowerCase().replace(/_/g, ' ');

/** A day and time with its weekday, for meetings: "Fri 6 Mar, 09:30". */
export function weekdayWhen(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
