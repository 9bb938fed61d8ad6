import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { when, words } from '../../ui/format';

export const HistoryFragment = graphql(`
  fragment History_ticket on Ticket {
    reopenCount
    activity {
      id
      action
      field
      fromValue
      toValue
      createdAt
      actor {
        name
      }
    }
  }
`);

type Activity = ResultOf<typeof HistoryFragment>['activity'][number];

/** One activity row in words: "status changed: new → triaged", "escalated: L1 → L2", … */
export function activityText(a: Pick<Activity, 'action' | 'field' | 'fromValue' | 'toValue'>): string {
  const value = (v: string | null) => (v === null ? 'none' : /^[A-Z0-9_]+$/.test(v) ? words(v) : v);
  if (a.action === 'checklist_ticked' || a.action === 'checklist_unticked') return `${words(a.action)}: ${words(a.field ?? '')}`;
  if (a.action === 'created') return a.toValue ? `created (${value(a.toValue)})` : 'created';
  if (a.action === 'escalated') return `escalated ${a.fromValue ?? '?'} → ${a.toValue ?? '?'}`;
  if (a.fromValue !== null || (a.toValue !== null && a.field)) return `${words(a.action)}: ${value(a.fromValue)} → ${value(a.toValue)}`;
  return a.toValue ? `${words(a.action)}: ${value(a.toValue)}` : words(a.action);
}

export function History({ data }: { data: FragmentOf<typeof HistoryFragment> }) {
  const { activity, reopenCount } = readFragment(HistoryFragment, data);
  return (
    <section className="desk__panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="list-plain" data-testid="history">
        {activity.map((a) => (
          <li key={a.id} data-testid="history-item" data-action={a.action}>
            {activityText(a)}
            {a.actor ? ` by ${a.actor.name}` : ''} <span className="desk__muted">{when(a.createdAt)}</span>
          </li>
        ))}
      </ol>
      {reopenCount > 0 && <p>Reopened {reopenCount}×</p>}
    </section>
  );
}
