import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Link, useParams } from '../router';
import { errorText } from '../ui/errorText';
import { weekdayWhen } from '../ui/format';
import { AgendaItem, AgendaItemFragment, DecisionOwnerFragment } from '../components/triage/AgendaItem';
import { MeetingEscalations, MeetingEscalationsFragment } from '../components/triage/MeetingEscalations';
import { MeetingList } from '../components/triage/MeetingList';
import { MeetingSummary, MeetingSummaryFragment } from '../components/triage/MeetingSummary';
import '../ui/team.css';

const MeetingQuery = graphql(
  `
    query TriageMeeting($id: ID!) {
      triageMeeting(id: $id) {
        id
        title
        startsAt
        durationMinutes
        status
        doneAt
        attendees {
          name
        }
        items {
          id
          decidedAt
          decidedPriority
          ticket {
            number
            title
            priority
          }
          ...AgendaItem_item
        }
        ...MeetingSummary_meeting
        ...MeetingEscalations_meeting
      }
      users {
        ...DecisionOwner_user
      }
    }
  `,
  [AgendaItemFragment, MeetingSummaryFragment, MeetingEscalationsFragment, DecisionOwnerFragment],
);

const CompleteMutation = graphql(`
  mutation CompleteTriageMeeting($id: ID!) {
    completeTriageMeeting(id: $id) {
      id
      status
      doneAt
    }
  }
`);

/** Triage meetings: the list, and meeting mode for one of them (/triage/:id). */
export default function Triage() {
  const params = useParams<{ id?: string }>();
  useDocumentTitle('Triage meetings');
  return params.id ? <MeetingMode id={params.id} /> : <MeetingList />;
}

function MeetingMode({ id }: { id: string }) {
  // Deciding an item and completing the meeting answer with what they changed, which refreshes this
  // query (urql's document cache).
  const [{ data, error, fetching }] = useQuery({ query: MeetingQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [index, setIndex] = useState(0);
  const [complete, completeNow] = useMutation(CompleteMutation);
  const [completeError, setCompleteError] = useState<string | null>(null);
  const meeting = data?.triageMeeting;
  const items = meeting?.items ?? [];
  const decided = items.filter((i) => i.decidedAt).length;

  if (!meeting) {
    return (
      <main id="main" className="desk desk--team" aria-busy={fetching}>
        <h1>Triage meeting</h1>
        {error ? (
          <p className="desk__error" role="alert">
            {errorText(error)}
          </p>
        ) : (
          <p>{fetching ? 'Loading…' : 'No such meeting.'}</p>
        )}
        <p>
          <Link href="/triage">All meetings</Link>
        </p>
      </main>
    );
  }
  const item = items[Math.min(index, Math.max(items.length - 1, 0))];
  const onComplete = async () => {
    setCompleteError(null);
    const result = await completeNow({ id: meeting.id });
    if (result.error) setCompleteError(errorText(result.error));
  };

  return (
    <main id="main" className="desk desk--team" data-testid="triage-meeting">
      <p>
        <Link href="/triage">All meetings</Link>
      </p>
      <h1>
        {meeting.title}, {weekdayWhen(meeting.startsAt)}
      </h1>
      <p className="desk__sub">
        {meeting.durationMinutes} minutes · {decided} of {items.length} decided ·{' '}
        {meeting.status === 'DONE' ? `done ${meeting.doneAt ? weekdayWhen(meeting.doneAt) : ''}` : 'in progress'}
      </p>
      <progress className="desk__progress" max={Math.max(items.length, 1)} value={decided} aria-label="Decisions taken" />
      <MeetingSummary data={meeting} />
      <MeetingEscalations data={meeting} />
      <div className="desk__grid">
        <section aria-labelledby="current-heading">
          <h2 id="current-heading">{item ? `Item ${items.indexOf(item) + 1} of ${items.length}` : 'Nothing on the agenda'}</h2>
          {item && (
            <AgendaItem
              key={item.id}
              data={item}
              users={data.users}
              closed={meeting.status === 'DONE'}
              onDecided={() => setIndex((i) => Math.min(i + 1, items.length - 1))}
            />
          )}
          <div className="desk__row desk__row--spaced">
            <button type="button" onClick={() => setIndex((i) => Math.max(i - 1, 0))} disabled={index === 0}>
              Previous
            </button>
            <button type="button" onClick={() => setIndex((i) => Math.min(i + 1, items.length - 1))} disabled={index >= items.length - 1}>
              Next
            </button>
            {meeting.status !== 'DONE' && (
              <button type="button" className="primary" onClick={onComplete} disabled={complete.fetching}>
                Mark meeting done
              </button>
            )}
          </div>
          {completeError && (
            <p className="desk__error" role="alert">
              {completeError}
            </p>
          )}
          {meeting.status === 'DONE' && meeting.attendees.length > 0 && <p>Attended: {meeting.attendees.map((a) => a.name).join(', ')}</p>}
        </section>
        <nav aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">Agenda</h2>
          <ol className="desk__agenda">
            {items.map((i, n) => (
              <li key={i.id} aria-current={n === index ? 'step' : undefined}>
                <button type="button" onClick={() => setIndex(n)}>
                  {i.ticket.number} {i.ticket.title}
                </button>{' '}
                {i.decidedAt ? <span className="desk__ok">✓ {i.decidedPriority}</span> : !i.ticket.priority && <span className="desk__muted">untriaged</span>}
              </li>
            ))}
          </ol>
        </nav>
      </div>
    </main>
  );
}
