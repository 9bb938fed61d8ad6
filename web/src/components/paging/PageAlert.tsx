import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql';
import { useLiveEvents } from '../../hooks/useLiveEvents';
import { useNow } from '../../hooks/useNow';
import { Link } from '../../router';
import { errorText } from '../../ui/errorText';
import { formatAgeTicking } from '../../ui/format';
import { useViewer } from '../../viewer';
import { alertSound, canNotify, notify } from './attention';
import './paging.css';

const MyPagesQuery = graphql(`
  query MyPages {
    pages(state: TRIGGERED, mine: true) {
      id
      reason
      step
      createdAt
      ticket {
        number
      }
      incident {
        id
        number
      }
    }
  }
`);

const AcknowledgePageMutation = graphql(`
  mutation AcknowledgePage($id: ID!) {
    acknowledgePage(id: $id) {
      id
      state
      acknowledgedAt
    }
  }
`);

/**
 * The paged person's banner, on every page of the app while it is open: what the page is about, how
 * long it has waited, and one tap to acknowledge. A new page also sounds and, when allowed, raises a
 * browser notification, so it is noticed without watching the screen.
 */
export function PageAlert() {
  const viewer = useViewer();
  const active = !!viewer.userId && !viewer.readOnly;
  const [{ data }, refetch] = useQuery({ query: MyPagesQuery, pause: !active });
  const [ack, acknowledge] = useMutation(AcknowledgePageMutation);
  const announced = useRef(new Set<string>());
  useLiveEvents(['oncall'], (event) => {
    if (active && (!event || event.type.startsWith('PAGE_'))) refetch({ requestPolicy: 'network-only' });
  });

  const pages = useMemo(() => data?.pages ?? [], [data]);
  useEffect(() => {
    const fresh = pages.filter((p) => !announced.current.has(p.id));
    if (!fresh.length) return;
    for (const page of fresh) {
      announced.current.add(page.id);
      notify(page.id, 'You are paged', page.reason);
    }
    alertSound();
  }, [pages]);

  if (!active || !pages.length) return null;
  return <Banner pages={pages} acknowledge={(id) => void acknowledge({ id })} busy={ack.fetching} error={ack.error ? errorText(ack.error) : null} />;
}

type MyPage = ResultOf<typeof MyPagesQuery>['pages'][number];

function Banner({ pages, acknowledge, busy, error }: { pages: MyPage[]; acknowledge: (id: string) => void; busy: boolean; error: string | null }) {
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'denied'));
  const now = useNow(1_000);
  return (
    <section className="page-alert" role="alert" aria-label="You are paged" data-testid="page-alert">
      {pages.map((page) => (
        <div key={page.id} className="page-alert__page">
          <p className="page-alert__reason">
            <strong>You are paged:</strong> {page.reason}
          </p>
          <p className="page-alert__meta">
            Waiting <time dateTime={page.createdAt}>{formatAgeTicking(Math.max(0, now - Date.parse(page.createdAt)))}</time> ·{' '}
            {page.incident ? <Link href={`/incidents/${page.incident.id}`}>War room INC-{page.incident.number}</Link> : null}
            {!page.incident && page.ticket ? <Link href={`/tickets/${page.ticket.number}`}>{page.ticket.number}</Link> : null}
          </p>
          <button type="button" className="page-alert__ack" disabled={busy} onClick={() => acknowledge(page.id)}>
            Acknowledge
          </button>
        </div>
      ))}
      {error && <p className="page-alert__error">{error}</p>}
      {permission === 'default' && (
        <button type="button" className="page-alert__notify" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Turn on notifications
        </button>
      )}
    </section>
  );
}
