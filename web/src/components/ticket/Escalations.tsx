import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { when, words } from '../../ui/format';

export const EscalationsFragment = graphql(`
  fragment Escalations_ticket on Ticket {
    escalationLevel
    escalations {
      id
      fromLevel
      toLevel
      reason
      automatic
      createdAt
      escalatedBy {
        name
      }
      assignedTo {
        name
      }
    }
  }
`);

/** The ticket's escalation level and how it got there (L1 → L2 → L3 → MANAGEMENT). */
export function Escalations({ data }: { data: FragmentOf<typeof EscalationsFragment> }) {
  const { escalationLevel, escalations } = readFragment(EscalationsFragment, data);
  return (
    <section className="desk__panel" aria-labelledby="escalations-heading">
      <h2 id="escalations-heading">Escalations</h2>
      <p>
        Current level: <strong data-testid="current-escalation-level">{escalationLevel}</strong>
      </p>
      <ol className="list-plain" data-testid="escalations">
        {escalations.map((e) => (
          <li key={e.id} data-testid="escalation" data-to={e.toLevel}>
            {e.fromLevel} → {e.toLevel} · {words(e.reason)} · {e.automatic ? 'automatic' : `by ${e.escalatedBy?.name ?? 'someone'}`}
            {e.assignedTo ? ` · to ${e.assignedTo.name}` : ''} <span className="desk__muted">{when(e.createdAt)}</span>
          </li>
        ))}
        {escalations.length === 0 && <li>Not escalated.</li>}
      </ol>
    </section>
  );
}
