import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { when, words } from '../../ui/format';

export const ConversationFragment = graphql(`
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
    }
  }
`);

/** The requester's request, then every message on the ticket, oldest first. */
export function Conversation({ data }: { data: FragmentOf<typeof ConversationFragment> }) {
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
          </li>
        ))}
      </ol>
    </section>
  );
}
