import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { formatClock } from '../../ui/format';

export const ActivityEventFragment = graphql(`
  fragment ActivityTicker_event on Event {
    id
    type
    createdAt
    entityType
    entityId
    payload
  }
`);

const SHOWN = 6;

type Payload = ResultOf<typeof ActivityEventFragment>['payload'];

function field(value: Payload | undefined, key: string): Payload | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
}

/** What the event is about: the ticket number when the payload names one, else its entity. */
function subjectOf(payload: Payload, entityType: string | null, entityId: string | null): string {
  const number = field(payload, 'number') ?? field(payload, 'ticketNumber') ?? field(field(payload, 'ticket'), 'number');
  if (typeof number === 'string') return number;
  // Incidents are numbered too (INC-3); fall back to the entity only when nothing names it.
  const incident = typeof number === 'number' ? number : field(field(payload, 'incident'), 'number');
  if (typeof incident === 'number') return `INC-${incident}`;
  return entityType ? `${entityType} ${entityId ?? ''}`.trim() : '';
}

/** "ticket.created" / "TICKET_CREATED" → "ticket created". */
function readableType(type: string): string {
  return type.replace(/[._]+/g, ' ').toLowerCase();
}

export function ActivityTicker({ events }: { events: readonly FragmentOf<typeof ActivityEventFragment>[] }) {
  const shown = events.slice(0, SHOWN).map((event) => readFragment(ActivityEventFragment, event));
  return (
    <section className="activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="activity__heading">
        Recent activity
      </h2>
      <ol className="activity__list" data-testid="recent-activity">
        {shown.length === 0 && <li className="activity__item activity__item--empty">Nothing yet</li>}
        {shown.map((event) => {
          const at = Date.parse(event.createdAt);
          const subject = subjectOf(event.payload, event.entityType, event.entityId);
          return (
            <li key={event.id} className="activity__item">
              {!Number.isNaN(at) && <time dateTime={event.createdAt}>{formatClock(at, false)}</time>}
              <span className="activity__type">{readableType(event.type)}</span>
              {subject && <span className="activity__subject">{subject}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
