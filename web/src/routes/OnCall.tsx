import { useMemo } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { useCan } from '../viewer';
import { Countdown } from '../ui/Countdown';
import { errorText } from '../ui/errorText';
import { when } from '../ui/format';
import { OverrideCoverFragment, OverrideForm } from '../components/oncall/OverrideForm';
import { OnCallLoad } from '../components/paging/OnCallLoad';

const OnCallQuery = graphql(
  `
    query OnCallPage {
      onCall {
        rotation {
          id
          name
          timeZone
        }
        now {
          id
          name
          email
        }
        next {
          id
          name
          email
        }
        nextHandoffAt
        calendarUrl
        schedule(weeks: 8) {
          startsAt
          endsAt
          source
          overrideId
          user {
            id
            name
          }
        }
      }
      users {
        ...OverrideCover_user
      }
    }
  `,
  [OverrideCoverFragment],
);

const RemoveOverride = graphql(`
  mutation RemoveOnCallOverride($id: ID!) {
    removeOnCallOverride(id: $id)
  }
`);

function startOfWeek(ms: number): Date {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  const back = (d.getDay() + 6) % 7; // Monday first
  d.setDate(d.getDate() - back);
  return d;
}

/** Now and next, the 8-week rotation calendar, overrides and the iCal link. */
export default function OnCall() {
  useDocumentTitle('On call');
  const [{ data, error, fetching }, refetch] = useQuery({ query: OnCallQuery, requestPolicy: 'cache-and-network' });
  useLiveEvents(['oncall'], () => refetch({ requestPolicy: 'network-only' }));
  const canChange = useCan('agent');
  const [removed, remove] = useMutation(RemoveOverride);
  const onCall = data?.onCall;
  const schedule = onCall?.schedule;
  const shifts = useMemo(() => schedule ?? [], [schedule]);

  const weeks = useMemo(() => {
    const first = startOfWeek(Date.now());
    return Array.from({ length: 8 }, (_, w) =>
      Array.from({ length: 7 }, (_, d) => {
        const start = new Date(first);
        start.setDate(first.getDate() + w * 7 + d);
        const end = new Date(start);
        end.setDate(start.getDate() + 1);
        const covering = shifts.filter((s) => Date.parse(s.startsAt) < end.getTime() && Date.parse(s.endsAt) > start.getTime());
        return { start, covering };
      }),
    );
  }, [shifts]);

  const overrides = [...new Map(shifts.filter((s) => s.overrideId).map((s) => [s.overrideId!, s])).values()];
  const today = new Date().toDateString();

  if (!onCall) {
    return (
      <main id="main" className="desk">
        <h1>On call</h1>
        {error ? (
          <p role="alert" className="desk__error">
            {errorText(error)}
          </p>
        ) : (
          <p>{fetching ? 'Loading…' : 'No rotation yet.'}</p>
        )}
      </main>
    );
  }

  return (
    <main id="main" className="desk">
      <h1>On call: {onCall.rotation.name}</h1>
      <div className="desk__row desk__panel" data-testid="oncall-now">
        <span>
          Now: <strong>{onCall.now?.name ?? 'nobody'}</strong>
        </span>
        <span>
          Next: <strong>{onCall.next?.name ?? '—'}</strong> in <Countdown to={onCall.nextHandoffAt} />
        </span>
        <span className="desk__muted">Handoffs in {onCall.rotation.timeZone}; shown in your time.</span>
        {onCall.calendarUrl && (
          <a href={onCall.calendarUrl} data-testid="ical-link">
            Subscribe in your calendar (iCal)
          </a>
        )}
      </div>
      <h2>Next 8 weeks</h2>
      <div role="table" aria-label="Rotation calendar" data-testid="oncall-calendar" className="oncall-calendar" tabIndex={0}>
        <div role="row" className="oncall-week">
          <span role="columnheader">Week of</span>
          {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
            <span role="columnheader" key={d}>
              {d}
            </span>
          ))}
        </div>
        {weeks.map((days, w) => (
          <div role="row" className="oncall-week" key={w}>
            <span role="rowheader">{days[0]!.start.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}</span>
            {days.map(({ start, covering }) => (
              <span
                role="cell"
                key={start.getTime()}
                className={[covering.some((s) => s.source === 'OVERRIDE') ? 'override' : '', start.toDateString() === today ? 'today' : ''].join(' ')}
              >
                {[...new Set(covering.map((s) => s.user.name + (s.source === 'OVERRIDE' ? ' (override)' : '')))].join(', ') || '—'}
              </span>
            ))}
          </div>
        ))}
      </div>
      <h2>Overrides</h2>
      <ul className="list-plain" data-testid="overrides">
        {overrides.map((o) => (
          <li key={o.overrideId}>
            {o.user.name}: {when(o.startsAt)} → {when(o.endsAt)}{' '}
            {canChange && (
              <button
                type="button"
                disabled={removed.fetching}
                onClick={async () => {
                  await remove({ id: o.overrideId! });
                  refetch({ requestPolicy: 'network-only' });
                }}
              >
                Remove
              </button>
            )}
          </li>
        ))}
        {overrides.length === 0 && <li>None in the next 8 weeks.</li>}
      </ul>
      {removed.error && (
        <p role="alert" className="desk__error">
          {errorText(removed.error)}
        </p>
      )}
      {canChange && <OverrideForm rotationId={onCall.rotation.id} users={data!.users} onDone={() => refetch({ requestPolicy: 'network-only' })} />}
      <OnCallLoad />
    </main>
  );
}
