import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { readToken } from '../auth';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Link, useParams } from '../router';
import './team.css';

const MeetingsQuery = graphql(`
  query TriageMeetings {
    triageMeetings(first: 30) {
      id
      kind
      title
      startsAt
      status
      items {
        id
        decidedAt
      }
    }
  }
`);

const MeetingQuery = graphql(`
  query TriageMeeting($id: ID!) {
    triageMeeting(id: $id) {
      id
      kind
      title
      startsAt
      durationMinutes
      status
      summary
      doneAt
      attendees {
        name
      }
      escalations {
        id
        fromLevel
        toLevel
        reason
        priority
        discussedAt
        template {
          issue
          needed
        }
        ticket {
          id
          number
          title
        }
      }
      items {
        id
        position
        suggestedPriority
        suggestedReason
        suggestedTeam
        suggestedOwner {
          id
          name
        }
        decidedPriority
        decidedOwner {
          name
        }
        decidedAt
        ticket {
          id
          number
          title
          description
          status
          type
          priority
          channel
          createdAt
        }
      }
    }
    users {
      id
      name
      role
    }
  }
`);

const DecideMutation = graphql(`
  mutation DecideTriageItem($input: TriageDecisionInput!) {
    decideTriageItem(input: $input) {
      id
      decidedPriority
      decidedAt
      decidedOwner {
        name
      }
    }
  }
`);

const CompleteMutation = graphql(`
  mutation CompleteTriageMeeting($id: ID!) {
    completeTriageMeeting(id: $id) {
      id
      status
      doneAt
    }
  }
`);

const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
const TYPES = ['BUG', 'FEATURE_REQUEST', 'QUESTION', 'ACCOUNT_ACCESS', 'FEEDBACK', 'COMPLAINT'] as const;
const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const words = (s: string) => s.toLowerCase().replace(/_/g, ' ');

/** Triage meetings: the list, and meeting mode for one of them (/triage/:id). */
export default function Triage() {
  const params = useParams<{ id?: string }>();
  useDocumentTitle('Triage meetings');
  if (!readToken()) {
    return (
      <main className="page page--center">
        <h1>Triage meetings</h1>
        <p>
          <Link href="/login">Sign in</Link> to run the meeting.
        </p>
      </main>
    );
  }
  return params.id ? <MeetingMode id={params.id} /> : <MeetingList />;
}

function MeetingList() {
  const [{ data, error }] = useQuery({ query: MeetingsQuery, requestPolicy: 'cache-and-network' });
  return (
    <main id="main" className="page team">
      <h1>Triage meetings</h1>
      <p className="team__sub">Daily triage at 09:30 (15 minutes) and the weekly review on Fridays at 14:00 (30 minutes). Each agenda is built from live data when the meeting starts.</p>
      {error && <p className="team__error" role="alert">{error.message}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Meeting</th>
            <th scope="col">Starts</th>
            <th scope="col">Agenda</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(data?.triageMeetings ?? []).map((m) => (
            <tr key={m.id}>
              <td>
                <Link href={`/triage/${m.id}`}>{m.title}</Link>
              </td>
              <td>{when(m.startsAt)}</td>
              <td>
                {m.items.filter((i) => i.decidedAt).length} of {m.items.length} decided
              </td>
              <td>{m.status === 'DONE' ? <span className="team__ok">done</span> : 'planned'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.triageMeetings.length === 0 && <p>No meetings yet: the first agenda appears at the next 09:30.</p>}
    </main>
  );
}

type Meeting = NonNullable<NonNullable<ReturnType<typeof useMeeting>[0]['data']>['triageMeeting']>;
function useMeeting(id: string) {
  return useQuery({ query: MeetingQuery, variables: { id }, requestPolicy: 'cache-and-network' });
}

function MeetingMode({ id }: { id: string }) {
  const [{ data, error, fetching }, refetch] = useMeeting(id);
  const [index, setIndex] = useState(0);
  const [complete, completeNow] = useMutation(CompleteMutation);
  const [completeError, setCompleteError] = useState<string | null>(null);
  const meeting = data?.triageMeeting;
  const items = meeting?.items ?? [];
  const decided = items.filter((i) => i.decidedAt).length;

  if (!meeting) {
    return (
      <main id="main" className="page team" aria-busy={fetching}>
        <h1>Triage meeting</h1>
        {error ? <p className="team__error" role="alert">{error.message}</p> : <p>{fetching ? 'Loading…' : 'No such meeting.'}</p>}
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
    if (result.error) setCompleteError(result.error.graphQLErrors[0]?.message ?? result.error.message);
    else refetch({ requestPolicy: 'network-only' });
  };

  return (
    <main id="main" className="page team" data-testid="triage-meeting">
      <p>
        <Link href="/triage">All meetings</Link>
      </p>
      <h1>
        {meeting.title}, {when(meeting.startsAt)}
      </h1>
      <p className="team__sub">
        {meeting.durationMinutes} minutes · {decided} of {items.length} decided · {meeting.status === 'DONE' ? `done ${meeting.doneAt ? when(meeting.doneAt) : ''}` : 'in progress'}
      </p>
      <progress className="team__progress" max={Math.max(items.length, 1)} value={decided} aria-label="Decisions taken" />
      <Summary meeting={meeting} />
      <Escalations meeting={meeting} />
      <div className="team__grid">
        <section aria-labelledby="current-heading">
          <h2 id="current-heading">{item ? `Item ${items.indexOf(item) + 1} of ${items.length}` : 'Nothing on the agenda'}</h2>
          {item && (
            <ItemCard
              key={item.id}
              item={item}
              users={data.users}
              closed={meeting.status === 'DONE'}
              onDecided={() => {
                refetch({ requestPolicy: 'network-only' });
                setIndex((i) => Math.min(i + 1, items.length - 1));
              }}
            />
          )}
          <div className="team__row" style={{ marginTop: '0.75rem' }}>
            <button type="button" onClick={() => setIndex((i) => Math.max(i - 1, 0))} disabled={index === 0}>
              Previous
            </button>
            <button type="button" onClick={() => setIndex((i) => Math.min(i + 1, items.length - 1))} disabled={index >= items.length - 1}>
              Next
            </button>
            {meeting.status !== 'DONE' && (
              <button type="button" className="team__primary" onClick={onComplete} disabled={complete.fetching}>
                Mark meeting done
              </button>
            )}
          </div>
          {completeError && <p className="team__error" role="alert">{completeError}</p>}
          {meeting.status === 'DONE' && meeting.attendees.length > 0 && <p>Attended: {meeting.attendees.map((a) => a.name).join(', ')}</p>}
        </section>
        <nav aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">Agenda</h2>
          <ol className="team__agenda">
            {items.map((i, n) => (
              <li key={i.id} aria-current={n === index ? 'step' : undefined}>
                <button type="button" onClick={() => setIndex(n)}>
                  {i.ticket.number} {i.ticket.title}
                </button>{' '}
                {i.decidedAt ? <span className="team__ok">✓ {i.decidedPriority}</span> : !i.ticket.priority && <span className="team__muted">untriaged</span>}
              </li>
            ))}
          </ol>
        </nav>
      </div>
    </main>
  );
}

function Summary({ meeting }: { meeting: Meeting }) {
  const s = meeting.summary as Record<string, any> | null;
  if (!s) return null;
  if (meeting.kind === 'DAILY') {
    return (
      <p>
        {s.newTickets} new since the last triage ({when(s.since)}), {s.untriaged} untriaged.
      </p>
    );
  }
  return (
    <section className="team__card" aria-labelledby="weekly-heading">
      <h2 id="weekly-heading">This week</h2>
      <p>
        {s.openTotal} open tickets by age: {(s.openByAge as { label: string; count: number }[]).map((b) => `${b.label}: ${b.count}`).join(' · ')}
      </p>
      <p>
        Created {s.trends.createdThisWeek} (last week {s.trends.createdLastWeek}) · resolved {s.trends.resolvedThisWeek} (last week {s.trends.resolvedLastWeek})
      </p>
      <p>
        SLA misses this week: {s.slaMisses.total}
        {s.slaMisses.tickets.length > 0 && <> — {(s.slaMisses.tickets as { number: string; kind: string }[]).map((t) => `${t.number} (${words(t.kind)})`).join(', ')}</>}
      </p>
    </section>
  );
}

/** The escalations the send-to rules put on this meeting's list (P2: daily stand-up, P3: weekly review). */
function Escalations({ meeting }: { meeting: Meeting }) {
  if (meeting.escalations.length === 0) return null;
  const list = meeting.kind === 'DAILY' ? 'daily stand-up' : 'weekly review';
  return (
    <section className="team__card" aria-labelledby="escalations-heading" data-testid="meeting-escalations">
      <h2 id="escalations-heading">Escalations to discuss ({meeting.escalations.length})</h2>
      <p className="team__muted">
        On the {list} list by the send-to rules{meeting.status === 'DONE' ? '; marked discussed when the meeting was done' : '; marked discussed when the meeting is done'}.
      </p>
      <ul>
        {meeting.escalations.map((e) => (
          <li key={e.id}>
            <strong>{e.ticket.number}</strong> {e.ticket.title} · {e.priority ?? 'no priority'} · {e.fromLevel} → {e.toLevel} · {words(e.reason)}
            {e.template.issue ? <> — {e.template.issue}</> : null}
            {e.discussedAt ? <span className="team__ok"> ✓ discussed</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ItemCard({ item, users, closed, onDecided }: { item: Meeting['items'][number]; users: { id: string; name: string; role: string }[]; closed: boolean; onDecided: () => void }) {
  const staff = useMemo(() => users.filter((u) => u.role !== 'VIEWER'), [users]);
  const [priority, setPriority] = useState<string>(item.decidedPriority ?? item.ticket.priority ?? item.suggestedPriority);
  const [ownerId, setOwnerId] = useState<string>(item.suggestedOwner?.id ?? staff[0]?.id ?? '');
  const [type, setType] = useState<string>(item.ticket.type ?? '');
  const [state, decide] = useMutation(DecideMutation);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [item.id]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const result = await decide({ input: { itemId: item.id, priority: priority as (typeof PRIORITIES)[number], ownerId, type: (type || null) as (typeof TYPES)[number] | null } });
    if (result.error) setError(result.error.graphQLErrors[0]?.message ?? result.error.message);
    else onDecided();
  };

  return (
    <article className="team__card" data-testid="agenda-item">
      <h3>
        {item.ticket.number} {item.ticket.title}
      </h3>
      <p className="team__muted">
        {words(item.ticket.channel)} · {words(item.ticket.status)} · {item.ticket.priority ?? 'no priority'} · opened {when(item.ticket.createdAt)}
      </p>
      <p>
        Suggested: <strong>{item.suggestedPriority}</strong> ({item.suggestedReason}); {words(item.suggestedTeam)}
        {item.suggestedOwner ? `, ${item.suggestedOwner.name}` : ''}
      </p>
      {item.decidedAt && (
        <p className="team__ok">
          Decided: {item.decidedPriority}, {item.decidedOwner?.name}
        </p>
      )}
      <form onSubmit={onSubmit} aria-label="Decision">
        <div className="team__row">
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(e.target.value)}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Owner
            <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Type
            <select value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{item.ticket.type ? words(item.ticket.type) : 'choose…'}</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {words(t)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="team__row">
          <button type="submit" className="team__primary" disabled={closed || state.fetching || !ownerId}>
            Record decision
          </button>
        </div>
        {error && (
          <p className="team__error" role="alert">
            {error}
          </p>
        )}
      </form>
    </article>
  );
}
