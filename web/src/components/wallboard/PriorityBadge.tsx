import { priorityNames } from '../../format';

type Priority = keyof typeof priorityNames;

/** P0–P3 pill; a ticket without a priority is still untriaged. */
export function PriorityBadge({ priority }: { priority: Priority | null | undefined }) {
  if (!priority) {
    return (
      <span className="badge badge--none" title="Untriaged">
        NEW
      </span>
    );
  }
  return (
    <span className={`badge badge--${priority}`} title={priorityNames[priority]}>
      {priority}
    </span>
  );
}
