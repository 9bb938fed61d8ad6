import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { Countdown } from '../../ui/Countdown';
import { when, words } from '../../ui/format';

export const SlaClocksFragment = graphql(`
  fragment SlaClocks_ticket on Ticket {
    slaClocks {
      id
      kind
      state
      dueAt
      metAt
      targetMinutes
      basis
      timeLeftMinutesWhenPaused
    }
  }
`);

/** The ticket's SLA clocks, ticking down to their due time. */
export function SlaClocks({ data }: { data: FragmentOf<typeof SlaClocksFragment> }) {
  const { slaClocks } = readFragment(SlaClocksFragment, data);
  return (
    <section className="desk__panel" aria-labelledby="sla-heading">
      <h2 id="sla-heading">SLA clocks</h2>
      <ul className="list-plain" data-testid="sla-clocks">
        {slaClocks.map((c) => (
          <li key={c.id} className={`clock--${c.state}`} data-testid="sla-clock" data-kind={c.kind} data-state={c.state}>
            <strong>{words(c.kind)}</strong> · {words(c.state)}
            <br />
            {c.state === 'MET' ? (
              <>met {when(c.metAt)}</>
            ) : c.state === 'PAUSED' ? (
              <>paused, {c.timeLeftMinutesWhenPaused ?? '?'} min left when it resumes</>
            ) : c.state === 'CANCELLED' ? (
              <>cancelled</>
            ) : (
              <Countdown to={c.dueAt} label="due in" />
            )}
            <span className="desk__muted">
              {' '}
              · target {c.targetMinutes} min ({words(c.basis)} hours)
            </span>
          </li>
        ))}
        {slaClocks.length === 0 && <li>No clocks.</li>}
      </ul>
    </section>
  );
}
