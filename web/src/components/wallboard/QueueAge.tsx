import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { channelNames } from '../../ui/enums';
import { ageMs, formatAgeTicking } from '../../ui/format';
import { PriorityBadge } from '../../ui/PriorityBadge';

export const QueueAgeFragment = graphql(`
  fragment QueueAge_wallboard on Wallboard {
    queueAge {
      oldestUnanswered {
        number
        title
        channel
        priority
        createdAt
      }
      buckets {
        label
        count
      }
    }
  }
`);

const MAX_BUCKETS = 6;
const HOUR = 3_600_000;

export function QueueAge({ data, now }: { data: FragmentOf<typeof QueueAgeFragment>; now: number }) {
  const { queueAge } = readFragment(QueueAgeFragment, data);
  const oldest = queueAge.oldestUnanswered;
  const age = oldest ? ageMs(oldest.createdAt, now) : 0;
  const tone = !oldest ? 'ok' : age >= 4 * HOUR ? 'bad' : age >= HOUR ? 'warn' : 'ok';

  return (
    <section className="panel queue" aria-labelledby="queue-heading" data-testid="queue-age">
      <h2 id="queue-heading">Queue age</h2>
      {oldest ? (
        <div className={`oldest oldest--${tone}`} data-testid="oldest-unanswered">
          <p className="oldest__caption">Oldest unanswered</p>
          <p className="oldest__age">
            <time dateTime={oldest.createdAt}>{formatAgeTicking(age)}</time>
          </p>
          <p className="oldest__ticket">
            <span className="ticket-number">{oldest.number}</span>
            <PriorityBadge priority={oldest.priority} untriaged="NEW" />
            <span className="oldest__title">{oldest.title}</span>
            <span className="oldest__channel">{channelNames[oldest.channel]}</span>
          </p>
        </div>
      ) : (
        <div className="oldest oldest--ok" data-testid="oldest-unanswered">
          <p className="oldest__caption">Oldest unanswered</p>
          <p className="oldest__age">None waiting</p>
        </div>
      )}
      <ul className="buckets" aria-label="Unanswered tickets by age">
        {queueAge.buckets.slice(0, MAX_BUCKETS).map((bucket) => (
          <li key={bucket.label} className={`bucket${bucket.count > 0 ? '' : ' bucket--empty'}`}>
            <span className="bucket__count">{bucket.count}</span>
            <span className="bucket__label">{bucket.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
