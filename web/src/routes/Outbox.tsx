import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { NOTIFICATION_STATUSES, oneOf, type NotificationStatus } from '../ui/enums';

const OutboxQuery = graphql(`
  query Outbox($status: NotificationStatus) {
    notifications(status: $status, first: 200) {
      id
      channel
      recipient
      template
      subject
      status
      attempts
      lastError
      nextAttemptAt
      createdAt
      ticket {
        number
      }
    }
  }
`);

const RetryMutation = graphql(`
  mutation RetryNotifications($ids: [ID!]!) {
    retryNotifications(ids: $ids)
  }
`);

/** The notification outbox for admins: what went out, what is failing, and "retry now". */
export default function Outbox() {
  useDocumentTitle('Outbox');
  const [status, setStatus] = useState<NotificationStatus | ''>('');
  const [{ data, error, fetching }, refetch] = useQuery({ query: OutboxQuery, variables: { status: status || null }, requestPolicy: 'cache-and-network' });
  const [retry, retryNow] = useMutation(RetryMutation);
  const rows = data?.notifications ?? [];

  const onRetry = async (ids: string[]) => {
    await retryNow({ ids });
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <main id="main" className="desk">
      <h1>Outbox</h1>
      <div className="desk__toolbar">
        <label htmlFor="outbox-status">Status</label>
        <select id="outbox-status" value={status} onChange={(e) => setStatus(oneOf(NOTIFICATION_STATUSES, e.target.value) ?? '')}>
          <option value="">All</option>
          {NOTIFICATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={retry.fetching || !rows.some((r) => r.status === 'FAILED' || r.status === 'DEAD')}
          onClick={() => onRetry(rows.filter((r) => r.status === 'FAILED' || r.status === 'DEAD').map((r) => r.id))}
        >
          Retry all failed
        </button>
        {fetching && <span aria-live="polite">Loading…</span>}
      </div>
      {error && <p role="alert">{error.graphQLErrors.map((e) => e.message).join(' ') || 'Cannot load the outbox.'}</p>}
      {retry.error && <p role="alert">{retry.error.message}</p>}
      <table className="desk__table" data-testid="outbox">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Channel</th>
            <th scope="col">To</th>
            <th scope="col">What</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.id} data-testid="outbox-row" data-status={n.status}>
              <td>{new Date(n.createdAt).toLocaleString()}</td>
              <td>{n.channel.toLowerCase()}</td>
              <td className="desk__truncate">{n.recipient}</td>
              <td>
                {n.subject ?? n.template}
                {n.ticket && <span className="desk__muted"> · {n.ticket.number}</span>}
              </td>
              <td>
                <span className={`status status--${n.status.toLowerCase()}`}>{n.status.toLowerCase()}</span>
                {n.status === 'FAILED' && <span className="desk__muted"> · next {new Date(n.nextAttemptAt).toLocaleTimeString()}</span>}
              </td>
              <td>{n.attempts}</td>
              <td className="desk__truncate">{n.lastError ?? ''}</td>
              <td>
                {(n.status === 'FAILED' || n.status === 'DEAD') && (
                  <button type="button" disabled={retry.fetching} onClick={() => onRetry([n.id])}>
                    Retry now
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!fetching && rows.length === 0 && <p>Nothing here.</p>}
    </main>
  );
}
