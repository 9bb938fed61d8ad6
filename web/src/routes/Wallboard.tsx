import { useState } from 'react';
import { readToken } from '../auth';
import { graphql } from '../graphql';
import { useConnectionState } from '../hooks/useConnectionState';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useNow } from '../hooks/useNow';
import { useWallboardFeed } from '../hooks/useWallboardFeed';
import { Link } from '../router';
import { formatClock } from '../ui/format';
import { ActivityEventFragment, ActivityTicker } from '../components/wallboard/ActivityTicker';
import { Clock } from '../components/wallboard/Clock';
import { ConnectionStatus, connectionStatus, tokenRefused } from '../components/wallboard/ConnectionStatus';
import { NewestTickets, NewestTicketsFragment } from '../components/wallboard/NewestTickets';
import { OpenByPriority, OpenByPriorityFragment } from '../components/wallboard/OpenByPriority';
import { Operations, OperationsFragment } from '../components/wallboard/Operations';
import { QueueAge, QueueAgeFragment } from '../components/wallboard/QueueAge';
import { HealthStrip, HealthStripFragment } from '../components/wallboard/HealthStrip';
import './wallboard.css';
// After the layout, in this order: the panels' rules were written to follow it.
import '../components/wallboard/open-by-priority.css';
import '../components/wallboard/queue.css';
import '../components/wallboard/footer-operations.css';

const WallboardSubscription = graphql(
  `
    subscription Wallboard($after: ID) {
      wallboard(after: $after) {
        wallboard {
          generatedAt
          lastEventId
          ...OpenByPriority_wallboard
          ...QueueAge_wallboard
          ...NewestTickets_wallboard
          ...Operations_wallboard
          ...HealthStrip_wallboard
        }
        events {
          id
          ...ActivityTicker_event
        }
      }
    }
  `,
  [OpenByPriorityFragment, QueueAgeFragment, NewestTicketsFragment, OperationsFragment, HealthStripFragment, ActivityEventFragment],
);

export default function Wallboard() {
  useDocumentTitle('Wallboard');
  const [token] = useState(readToken);
  return token ? <LiveWallboard /> : <NoToken />;
}

function LiveWallboard() {
  const now = useNow();
  const connection = useConnectionState();
  const feed = useWallboardFeed(WallboardSubscription, true);
  const status = connectionStatus(connection, { troubleSince: feed.troubleSince, hasSnapshot: feed.snapshot !== null, startedAt: feed.startedAt }, now);
  const snapshot = feed.snapshot;
  const generatedAt = snapshot ? Date.parse(snapshot.generatedAt) : Number.NaN;

  return (
    <div className={`wallboard wallboard--${status.kind}`} data-testid="wallboard" data-last-event-id={feed.lastEventId ?? undefined}>
      <header className="wb-header">
        <div>
          <h1>Support wallboard</h1>
          {snapshot && <HealthStrip data={snapshot} />}
        </div>
        <Clock now={now} />
        <ConnectionStatus status={status} closeCode={connection.lastCloseCode} />
      </header>
      {snapshot ? (
        <main className="wb-main">
          <OpenByPriority data={snapshot} />
          <QueueAge data={snapshot} now={now} />
          <NewestTickets data={snapshot} now={now} />
          <Operations data={snapshot} now={now} />
        </main>
      ) : (
        <main className="wb-main wb-main--waiting">
          {tokenRefused(connection.lastCloseCode) ? (
            <p className="wb-waiting">
              The server refused this display&rsquo;s token. Open the wallboard with a valid display token, or <Link href="/login">sign in</Link>.
            </p>
          ) : (
            <p className="wb-waiting">{feed.error ?? 'Waiting for the first update…'}</p>
          )}
        </main>
      )}
      <footer className="wb-footer">
        <ActivityTicker events={feed.events} />
        <p className="wb-footer__meta">
          {feed.error && snapshot ? <span className="wb-footer__error">{feed.error} · </span> : null}
          {Number.isNaN(generatedAt) ? null : <>Updated {formatClock(generatedAt)}</>}
        </p>
      </footer>
    </div>
  );
}

function NoToken() {
  return (
    <main className="page page--center" data-testid="wallboard-no-token">
      <h1>This wallboard needs a token</h1>
      <p>
        Open it as <code>/wallboard?token=&lt;display token&gt;</code>, or <Link href="/login">sign in</Link> to view it with your account.
      </p>
    </main>
  );
}
