import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { formatAgeTicking } from '../../ui/format';
import { PriorityBadge } from '../../ui/PriorityBadge';

export const OperationsFragment = graphql(`
  fragment Operations_wallboard on Wallboard {
    onCall {
      rotationName
      now {
        name
      }
      next {
        name
      }
      nextHandoffAt
    }
    unacknowledgedPages {
      id
      targetName
      step
      suggested
      createdAt
      ticketNumber
      incidentNumber
    }
    sla {
      atRisk
      breached
      soonest {
        clockId
        ticketNumber
        priority
        kind
        state
        dueAt
      }
    }
    activeIncidents {
      id
      number
      title
      severity
      status
      commanderName
      nextUpdateDueAt
      lastEntries {
        kind
        body
      }
    }
    overduePostmortems {
      incidentId
      number
      title
      dueAt
    }
  }
`);

const SLA_ROWS = 4;
const STEP_NAMES = { ON_CALL: 'on call', SECONDARY: 'secondary', TECH_LEADS: 'tech leads', MANAGERS: 'managers' } as const;
const KIND_NAMES = { TRIAGE: 'triage', FIRST_RESPONSE: 'first response', USER_UPDATE: 'update', RESOLUTION: 'resolution' } as const;

/** Countdown to `iso`: "12m 05s", or "−3m 10s" in red once it has passed. */
function Countdown({ iso, now, testId }: { iso: string; now: number; testId?: string }) {
  const left = Date.parse(iso) - now;
  return (
    <time dateTime={iso} className={left < 0 ? 'countdown countdown--over' : 'countdown'} data-testid={testId}>
      {left < 0 ? `−${formatAgeTicking(-left)}` : formatAgeTicking(left)}
    </time>
  );
}

export function Operations({ data, now }: { data: FragmentOf<typeof OperationsFragment>; now: number }) {
  const { onCall, unacknowledgedPages, sla, activeIncidents, overduePostmortems } = readFragment(OperationsFragment, data);
  return (
    <div className="ops">
      <section className="panel oncall" aria-labelledby="oncall-heading" data-testid="on-call">
        <h2 id="oncall-heading">On call</h2>
        {onCall ? (
          <>
            <p className="oncall__now">{onCall.now?.name ?? 'Nobody'}</p>
            <p className="oncall__next">
              Next: {onCall.next?.name ?? '—'}
              {onCall.nextHandoffAt && (
                <>
                  {' '}
                  in <Countdown iso={onCall.nextHandoffAt} now={now} />
                </>
              )}
            </p>
          </>
        ) : (
          <p className="oncall__next">No rotation yet</p>
        )}
        {unacknowledgedPages.length > 0 && (
          <ul className="paging" aria-label="Pages not acknowledged">
            {unacknowledgedPages.slice(0, 3).map((page) => (
              <li key={page.id} className="paging__page" data-testid="unacknowledged-page">
                <span className="paging__label">Paging</span> {page.targetName ?? 'nobody on call'}
                {page.step !== 'ON_CALL' && <span className="paging__step"> ({STEP_NAMES[page.step]})</span>} ·{' '}
                {page.incidentNumber ? `INC-${page.incidentNumber}` : page.ticketNumber} · waiting{' '}
                <time dateTime={page.createdAt} data-testid="page-waiting">
                  {formatAgeTicking(Math.max(0, now - Date.parse(page.createdAt)))}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel sla" aria-labelledby="sla-heading" data-testid="sla">
        <h2 id="sla-heading">SLA</h2>
        <p className="sla__counts">
          <span className={sla.breached ? 'sla__count sla__count--bad' : 'sla__count'} data-testid="sla-breached">
            {sla.breached} <small>breached</small>
          </span>
          <span className={sla.atRisk ? 'sla__count sla__count--warn' : 'sla__count'} data-testid="sla-at-risk">
            {sla.atRisk} <small>at risk</small>
          </span>
        </p>
        <ul className="sla__clocks">
          {sla.soonest.slice(0, SLA_ROWS).map((clock) => (
            <li key={clock.clockId} className="sla__clock">
              <span className="ticket-number">{clock.ticketNumber}</span>
              <PriorityBadge priority={clock.priority} untriaged="NEW" />
              <span className="sla__kind">{KIND_NAMES[clock.kind]}</span>
              <Countdown iso={clock.dueAt} now={now} />
            </li>
          ))}
        </ul>
      </section>

      <section className="panel warroom" aria-labelledby="warroom-heading" data-testid="war-rooms">
        <h2 id="warroom-heading">War rooms</h2>
        {activeIncidents.length === 0 && <p className="warroom__none">No active incidents</p>}
        {activeIncidents.slice(0, 2).map((incident) => (
          <article key={incident.id} className="incident" data-testid="incident">
            <p className="incident__title">
              <PriorityBadge priority={incident.severity} untriaged="NEW" /> INC-{incident.number} {incident.title}
            </p>
            <p className="incident__meta">
              {incident.status.toLowerCase()} · IC {incident.commanderName ?? 'unassigned'}
            </p>
            {incident.nextUpdateDueAt && (
              <p className="incident__meta">
                Next update <Countdown iso={incident.nextUpdateDueAt} now={now} testId="incident-next-update" />
              </p>
            )}
            {incident.lastEntries.at(-1) && <p className="incident__last">{incident.lastEntries.at(-1)!.body}</p>}
          </article>
        ))}
        {overduePostmortems.length > 0 && (
          <p className="warroom__overdue" data-testid="overdue-postmortems">
            Post-mortem overdue: {overduePostmortems.map((p) => `INC-${p.number}`).join(', ')}
          </p>
        )}
      </section>
    </div>
  );
}
