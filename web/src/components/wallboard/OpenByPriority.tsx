import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { PRIORITIES, priorityNames, type Priority } from '../../ui/enums';

export const OpenByPriorityFragment = graphql(`
  fragment OpenByPriority_wallboard on Wallboard {
    openTotal
    untriaged
    openByPriority {
      priority
      count
    }
  }
`);

export function OpenByPriority({ data }: { data: FragmentOf<typeof OpenByPriorityFragment> }) {
  const wallboard = readFragment(OpenByPriorityFragment, data);
  const counts = new Map<Priority, number>();
  for (const row of wallboard.openByPriority) counts.set(row.priority, row.count);
  const largest = Math.max(1, ...counts.values());

  return (
    <section className="panel open" aria-labelledby="open-heading">
      <div className="open__head">
        <h2 id="open-heading">Open tickets</h2>
        <p className="open__totals">
          <span className="open__total">{wallboard.openTotal}</span> open
        </p>
      </div>
      <ul className="priorities" data-testid="open-by-priority">
        {PRIORITIES.map((priority) => {
          const count = counts.get(priority) ?? 0;
          return (
            // The "P0" label is drawn from data-priority so the row's text holds one number: its count.
            <li key={priority} className={`priority priority--${priority}${count > 0 ? ' priority--active' : ''}`} data-testid={`priority-${priority}`}>
              <span className="priority__label" data-priority={priority}>
                {priorityNames[priority]}
              </span>
              <span className="priority__count">{count}</span>
              <span className="priority__track" aria-hidden="true">
                <span className="priority__bar" style={{ width: `${(count / largest) * 100}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      <p className={`untriaged${wallboard.untriaged > 0 ? ' untriaged--waiting' : ''}`} data-testid="untriaged">
        <span className="untriaged__label">Untriaged</span>
        <span className="untriaged__count">{wallboard.untriaged}</span>
      </p>
    </section>
  );
}
