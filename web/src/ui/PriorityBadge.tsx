import { priorityNames, type Priority } from './enums';

/**
 * The P0–P3 pill, on the desk and on the TV. A ticket without a priority is still untriaged: the
 * desk shows "—", the wallboard "NEW" (`untriaged`).
 */
export function PriorityBadge({ priority, untriaged = '—' }: { priority: Priority | null | undefined; untriaged?: string }) {
  if (!priority) {
    return (
      <span className="prio prio--none" title="Not triaged yet">
        {untriaged}
      </span>
    );
  }
  return (
    <span className={`prio prio--${priority}`} title={priorityNames[priority]}>
      {priority}
    </span>
  );
}
