import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { when, words } from '../../ui/format';
import { type QualityChecks, REVIEWED_KINDS, ResponseReview, ResponseReviewFragment } from './ResponseReview';

export const ConversationFragment = graphql(
  `
    fragment Conversation_ticket on Ticket {
      description
      createdAt
      messages {
        id
        kind
        direction
        body
        createdAt
        templateKey
        author {
          name
        }
        ...ResponseReview_message
      }
    }
  `,
  [ResponseReviewFragment],
);

/**
 * The requester's request, then every message on the ticket, oldest first; under each response to
 * the user, its Quality Checks.
 */
export function Conversation({ data, checks, canReview }: { data: FragmentOf<typeof ConversationFragment>; checks: QualityChecks; canReview: boolean }) {
  const ticket = readFragment(ConversationFragment, data);
  return (
    <section aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Conversation</h2>
      <ol className="list-plain" data-testid="conversation">
        <li className="message--INBOUND">
          <strong>Request</strong> <span className="desk__muted">{when(ticket.createdAt)}</span>
          <p className="message__body">{ticket.description}</p>
        </li>
        {ticket.messages.map((m) => (
          <li key={m.id} className={`message--${m.direction}`} data-testid="message" data-kind={m.kind}>
            <strong>{m.author?.name ?? (m.direction === 'INBOUND' ? 'Requester' : 'opsboard')}</strong>{' '}
            <span className="desk__muted">
              {words(m.kind)}
              {m.templateKey ? ` · ${m.templateKey}` : ''} · {when(m.createdAt)}
            </span>
            <p className="message__body">{m.body}</p>
            {m.direction === 'OUTBOUND' && REVIEWED_KINDS.includes(m.kind) && <ResponseReview data={m} checks={checks} canReview={canReview} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
