import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { readToken } from '../auth';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Link } from '../router';
import './team.css';

const ReviewQuery = graphql(`
  query ProcessReviewPage($month: String!) {
    processReview(month: $month) {
      id
      month
      notes {
        id
        section
        body
        author {
          name
        }
      }
      monthlyReports {
        kind
        computedAt
        data
      }
    }
    feedbackAnalysis(month: $month) {
      responses
      averageRating
      complaints
      themes {
        key
        question
        count
        examples {
          source
          text
          rating
          ticketNumber
        }
      }
      keywords {
        word
        count
      }
    }
    improvementActions {
      id
      title
      kind
      status
      dueDate
      overdue
      owner {
        name
      }
      tickets {
        number
      }
    }
    users {
      id
      name
      role
    }
  }
`);

const AddNote = graphql(`
  mutation AddProcessReviewNote($input: ProcessReviewNoteInput!) {
    addProcessReviewNote(input: $input) {
      id
    }
  }
`);

const CreateAction = graphql(`
  mutation CreateImprovementAction($input: ImprovementActionInput!) {
    createImprovementAction(input: $input) {
      id
    }
  }
`);

const UpdateAction = graphql(`
  mutation UpdateImprovementAction($id: ID!, $input: UpdateImprovementActionInput!) {
    updateImprovementAction(id: $id, input: $input) {
      id
      status
    }
  }
`);

const SECTIONS = [
  { key: 'WORKING_WELL', question: 'What’s working well?' },
  { key: 'NOT_WORKING', question: 'What’s not working?' },
  { key: 'CHANGE', question: 'What should we change?' },
  { key: 'TOOLS_NEEDED', question: 'What tools do we need?' },
] as const;
const KINDS = [
  ['BUG_FIX', 'Bug fix to prioritise'],
  ['DOCUMENTATION', 'Documentation to improve'],
  ['FEATURE', 'Feature to consider'],
  ['UX', 'UX improvement'],
  ['PROCESS', 'Process change'],
] as const;
const STATUSES = ['OPEN', 'IN_PROGRESS', 'DONE'] as const;
const thisMonth = () => new Date().toISOString().slice(0, 7);
const message = (e: { graphQLErrors: { message: string }[]; message: string }) => e.graphQLErrors[0]?.message ?? e.message;

/** The guide's Continuous Improvement: monthly process review, user-feedback analysis, action items. */
export default function Improvement() {
  useDocumentTitle('Process review');
  if (!readToken()) {
    return (
      <main className="page page--center">
        <h1>Process review</h1>
        <p>
          <Link href="/login">Sign in</Link> to take part in the review.
        </p>
      </main>
    );
  }
  return <ReviewPage />;
}

function ReviewPage() {
  const [month, setMonth] = useState(thisMonth);
  const [{ data, error }, refetch] = useQuery({ query: ReviewQuery, variables: { month }, requestPolicy: 'cache-and-network' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const review = data?.processReview;
  const feedback = data?.feedbackAnalysis;
  return (
    <main id="main" className="page team" data-testid="process-review">
      <h1>Monthly process review</h1>
      <div className="team__row">
        <label>
          Month
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
      </div>
      {error && <p className="team__error" role="alert">{error.message}</p>}

      <section aria-labelledby="report-heading">
        <h2 id="report-heading">Monthly report</h2>
        {review?.monthlyReports.length ? (
          review.monthlyReports.map((r) => (
            <details key={r.kind} className="team__card" open>
              <summary>
                {r.kind} · computed {new Date(r.computedAt).toLocaleString('en-GB')}
              </summary>
              <pre className="team__pre">{JSON.stringify(r.data, null, 2)}</pre>
            </details>
          ))
        ) : (
          <p className="team__muted">The monthly metrics report for {month} shows here once it has been computed.</p>
        )}
      </section>

      <section aria-labelledby="review-heading">
        <h2 id="review-heading">Process review</h2>
        <div className="team__sections">
          {SECTIONS.map((s) => (
            <ReviewSection key={s.key} month={month} section={s.key} question={s.question} notes={(review?.notes ?? []).filter((n) => n.section === s.key)} onAdded={reload} />
          ))}
        </div>
      </section>

      <section aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">User feedback</h2>
        {feedback && (
          <>
            <p>
              {feedback.responses} satisfaction answers{feedback.averageRating !== null ? `, average ${feedback.averageRating} of 5` : ''} · {feedback.complaints} complaints
              {feedback.keywords.length > 0 && <> · often mentioned: {feedback.keywords.map((k) => `${k.word} (${k.count})`).join(', ')}</>}
            </p>
            <div className="team__sections">
              {feedback.themes.map((t) => (
                <div key={t.key} className="team__card">
                  <h3>
                    {t.question} <span className="team__muted">({t.count})</span>
                  </h3>
                  <ul>
                    {t.examples.map((e, i) => (
                      <li key={i}>
                        “{e.text}” <small className="team__muted">{e.ticketNumber}{e.rating !== null ? ` · ${e.rating}/5` : ` · ${e.source.toLowerCase()}`}</small>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </>
        )}
      </section>

      <Actions month={month} actions={data?.improvementActions ?? []} users={data?.users ?? []} onChange={reload} />
    </main>
  );
}

function ReviewSection({ month, section, question, notes, onAdded }: { month: string; section: (typeof SECTIONS)[number]['key']; question: string; notes: { id: string; body: string; author: { name: string } | null }[]; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [state, add] = useMutation(AddNote);
  const [error, setError] = useState<string | null>(null);
  const id = `note-${section}`;
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const result = await add({ input: { month, section, body } });
    if (result.error) setError(message(result.error));
    else {
      setBody('');
      onAdded();
    }
  };
  return (
    <div className="team__card">
      <h3>{question}</h3>
      <ul>
        {notes.map((n) => (
          <li key={n.id}>
            {n.body} <small className="team__muted">— {n.author?.name ?? 'someone'}</small>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit}>
        <label htmlFor={id}>Add an answer</label>
        <textarea id={id} rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" disabled={!body.trim() || state.fetching}>
          Add
        </button>
        {error && (
          <p className="team__error" role="alert">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}

type Action = { id: string; title: string; kind: string; status: string; dueDate: string; overdue: boolean; owner: { name: string }; tickets: { number: string }[] };

function Actions({ month, actions, users, onChange }: { month: string; actions: Action[]; users: { id: string; name: string; role: string }[]; onChange: () => void }) {
  const staff = users.filter((u) => u.role !== 'VIEWER');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number][0]>('PROCESS');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [tickets, setTickets] = useState('');
  const [created, create] = useMutation(CreateAction);
  const [, update] = useMutation(UpdateAction);
  const [error, setError] = useState<string | null>(null);

  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const list = tickets.split(/[\s,]+/).filter(Boolean);
    const result = await create({ input: { month, title, kind, ownerId, dueDate, tickets: list } });
    if (result.error) setError(message(result.error));
    else {
      setTitle('');
      setTickets('');
      onChange();
    }
  };
  const onStatus = async (id: string, status: (typeof STATUSES)[number]) => {
    const result = await update({ id, input: { status } });
    if (result.error) setError(message(result.error));
    else onChange();
  };

  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Action items</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Due</th>
            <th scope="col">Tickets</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id}>
              <td>
                {a.title} <small className="team__muted">{KINDS.find(([k]) => k === a.kind)?.[1]}</small>
              </td>
              <td>{a.owner.name}</td>
              <td className={a.overdue ? 'team__overdue' : undefined}>
                {a.dueDate}
                {a.overdue ? ' (overdue)' : ''}
              </td>
              <td>{a.tickets.map((t) => t.number).join(', ')}</td>
              <td>
                <select aria-label={`Status of ${a.title}`} value={a.status} onChange={(e) => onStatus(a.id, e.target.value as (typeof STATUSES)[number])}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s.toLowerCase().replace('_', ' ')}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={onCreate} className="team__card" aria-labelledby="new-action-heading">
        <h3 id="new-action-heading">New action item</h3>
        <div className="team__row">
          <label>
            Action
            <input value={title} onChange={(e) => setTitle(e.target.value)} required />
          </label>
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number][0])}>
              {KINDS.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Owner
            <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)} required>
              <option value="">choose…</option>
              {staff.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Due date
            <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
          </label>
          <label>
            Tickets
            <input value={tickets} onChange={(e) => setTickets(e.target.value)} placeholder="PM-12, PM-40" />
          </label>
          <button type="submit" className="team__primary" disabled={created.fetching}>
            Add action item
          </button>
        </div>
        {error && (
          <p className="team__error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
