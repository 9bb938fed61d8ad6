import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { words } from '../../ui/format';

export const MeetingEscalationsFragment = graphql(`
  fragment MeetingEscalations_meeting on TriageMeeting {
    kind
    status
    escalations {
      id
      fromLevel
      toLevel
      reason
      priority
      discussedAt
      template {
        issue
      }
      ticket {
        id
        number
        title
      }
    }
  }
`);

/** The escalations the send-to rules put on this meeting's list (P2: daily stand-up, P3: weekly review). */
export function MeetingEscalations({ data }: { data: FragmentOf<typeof MeetingEscalationsFragment> }) {
  const meeting = readFragment(MeetingEscalationsFragment, data);
  if (meeting.escalations.length === 0) return null;
  const list = meeting.kind === 'DAILY' ? 'daily stand-up' : 'weekly review';
  return (
    <section className="desk__card" aria-labelledby="escalations-heading" data-testid="meeting-escalations">
      <h2 id="escalations-heading">Escalations to discuss ({meeting.escalations.length})</h2>
      <p className="desk__muted">
        On the {list} list by the send-to rules
        {meeting.status === 'DONE' ? '; marked discussed when the meeting was done' : '; marked discussed when the meeting is done'}.
      </p>
      <ul>
        {meeting.escalations.map((e) => (
          <li key={e.id}>
            <strong>{e.ticket.number}</strong> {e.ticket.title} · {e.priority ?? 'no priority'} · {e.fromLevel} → {e.toLevel} · {words(e.reason)}
            {e.template.issue ? <> — {e.template.issue}</> : null}
            {e.discussedAt ? <span className="desk__ok"> ✓ discussed</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
