import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { channelNames } from '../format';
import { Link, useParams } from '../router';
import { useCan, useViewer } from '../viewer';
import { Countdown, errorText, PriorityTag, when, words } from '../components/desk/Countdown';
import { type EscalateFailure, EscalatePanel, type EscalationField, type EscalationValues } from '../components/ticket/EscalatePanel';
import { TicketChecklist } from '../components/ticket/TicketChecklist';
import { TriagePanel } from '../components/ticket/TriagePanel';

const TicketQuery = graphql(`
  query TicketPage($number: String!) {
    ticket(number: $number) {
      id
      number
      title
      description
      status
      priority
      type
      channel
      tags
      usersImpacted
      escalationLevel
      externalRef
      reopenCount
      createdAt
      updatedAt
      acknowledgedAt
      triagedAt
      firstRespondedAt
      resolvedAt
      closedAt
      owner {
        id
        name
      }
      triageSuggestion {
        priority
        reason
        team
        teamReason
      }
      slaClocks {
        id
        kind
        state
        dueAt
        atRiskAt
        metAt
        breachedAt
        pausedAt
        targetMinutes
        basis
        timeLeftMinutesWhenPaused
      }
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
      escalations {
        id
        fromLevel
        toLevel
        reason
        automatic
        priority
        createdAt
        escalatedBy {
          name
        }
        assignedTo {
          name
        }
      }
      checklist {
        key
        label
        done
        doneAt
        automatic
        doneByName
      }
      csat {
        id
        rating
        comment
        sentAt
        answeredAt
      }
      activity {
        id
        action
        field
        fromValue
        toValue
        createdAt
        actor {
          name
        }
      }
    }
    responseTemplates {
      key
      name
      placeholders
    }
    users {
      id
      name
      role
    }
  }
`);

const RenderQuery = graphql(`
  query RenderTemplate($key: String!, $ticketId: ID!) {
    renderResponseTemplate(key: $key, ticketId: $ticketId) {
      subject
      body
      missing
    }
  }
`);

const RespondMutation = graphql(`
  mutation RespondToTicket($id: ID!, $input: RespondInput!) {
    respondToTicket(id: $id, input: $input) {
      id
      status
    }
  }
`);

const EscalateMutation = graphql(`
  mutation EscalateTicket($id: ID!, $input: EscalateTicketInput!) {
    escalateTicket(id: $id, input: $input) {
      id
      toLevel
    }
  }
`);

const ChecklistMutation = graphql(`
  mutation SetTicketChecklistItem($ticketId: ID!, $key: String!, $done: Boolean!) {
    setTicketChecklistItem(ticketId: $ticketId, key: $key, done: $done) {
      id
    }
  }
`);

const ConfirmMutation = graphql(`
  mutation ConfirmTicketResolution($id: ID!, $note: String) {
    confirmTicketResolution(id: $id, note: $note) {
      id
      status
    }
  }
`);

const KbArticlesQuery = graphql(`
  query PublishedKbArticles {
    kbArticles(status: PUBLISHED) {
      id
      title
    }
  }
`);

const AnswerWithKbMutation = graphql(`
  mutation AnswerWithKbArticle($ticketId: ID!, $articleId: ID!, $status: String) {
    answerWithKbArticle(ticketId: $ticketId, articleId: $articleId, status: $status) {
      id
    }
  }
`);

const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** The server's answer to a failed escalation, as the form shows it: field errors beside their fields. */
export function escalateFailure(error: { graphQLErrors: { message: string; extensions?: Record<string, unknown> }[] } & Parameters<typeof errorText>[0]): EscalateFailure {
  const fields: EscalateFailure['fields'] = {};
  for (const e of error?.graphQLErrors ?? []) {
    const list = (e.extensions?.fieldErrors ?? []) as { field: string; message: string }[];
    for (const f of list) {
      const key = f.field.replace(/^input\./, '').split('.')[0] as EscalationField;
      fields[key] = fields[key] ? `${fields[key]}; ${f.message}` : f.message;
    }
  }
  return { message: errorText(error) ?? 'Escalation failed.', fields };
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Placeholders still in the text, in order of first appearance. */
export function unfilled(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (values[name]?.trim() ? values[name]! : whole));
}

/** One ticket: SLA clocks ticking, the conversation, respond with a template, triage, escalate, history. */
export default function TicketPage() {
  const { number = '' } = useParams<{ number: string }>();
  useDocumentTitle(number);
  const [{ data, error, fetching }, refetch] = useQuery({ query: TicketQuery, variables: { number }, requestPolicy: 'cache-and-network' });
  const ticket = data?.ticket;
  useLiveEvents(['tickets', 'sla', 'escalations'], (event) => {
    if (!event || !ticket || event.entityId === ticket.id || event.entityId === ticket.number) refetch({ requestPolicy: 'network-only' });
  });
  const canChange = useCan('agent');
  const viewer = useViewer();
  const [triaging, setTriaging] = useState(false);
  const [, escalate] = useMutation(EscalateMutation);
  const [checked, setChecklistItem] = useMutation(ChecklistMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const onEscalate = async (values: EscalationValues): Promise<EscalateFailure | null> => {
    if (!ticket) return null;
    const priority = values.priority.trim().toUpperCase();
    if (priority && !PRIORITIES.includes(priority as never)) return { message: 'Priority: must be P0, P1, P2 or P3.', fields: { priority: 'must be P0, P1, P2 or P3' } };
    const result = await escalate({
      id: ticket.id,
      input: {
        ...(priority ? { priority: priority as (typeof PRIORITIES)[number] } : {}),
        user: values.user,
        issue: values.issue,
        impact: values.impact,
        attempted: values.attempted,
        needed: values.needed,
        timeline: values.timeline,
      },
    });
    if (result.error) return escalateFailure(result.error);
    reload();
    return null;
  };

  if (!ticket) {
    return (
      <main id="main" className="desk">
        <h1>{number}</h1>
        {error ? <p role="alert" className="desk__error">{errorText(error)}</p> : <p>{fetching ? 'Loading…' : 'No such ticket.'}</p>}
      </main>
    );
  }

  return (
    <main id="main" className="desk" data-testid="ticket" data-status={ticket.status}>
      <p className="desk__muted">
        <Link href="/queue">Queue</Link> / {ticket.number}
      </p>
      <h1>
        <PriorityTag priority={ticket.priority} /> {ticket.number}: {ticket.title}
      </h1>
      <p className="desk__row">
        <span data-testid="ticket-status">{words(ticket.status)}</span>·<span>{ticket.type ? words(ticket.type) : 'type not set'}</span>·<span>{channelNames[ticket.channel]}</span>·
        <span>owner {ticket.owner?.name ?? 'unassigned'}</span>·<span data-testid="escalation-level">escalation {ticket.escalationLevel}</span>
        {ticket.usersImpacted != null && <>·<span>{ticket.usersImpacted} users impacted</span></>}
        {canChange && (
          <button type="button" onClick={() => setTriaging((v) => !v)} aria-expanded={triaging}>
            {ticket.status === 'NEW' ? 'Triage' : 'Re-triage'}
          </button>
        )}
      </p>
      {triaging && canChange && <TriagePanel ticket={ticket} users={data.users} defaultOwner={viewer.userId} onDone={() => setTriaging(false)} />}
      <div className="desk__grid">
        <div>
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
          {canChange ? (
            <>
              <RespondForm ticketId={ticket.id} templates={data.responseTemplates} onSent={reload} />
              <KbAnswer ticketId={ticket.id} onSent={reload} />
            </>
          ) : (
            <p className="desk__muted">Read-only: you can follow this ticket, not answer it.</p>
          )}
          {ticket.status === 'RESOLVED' && canChange && <ConfirmResolution ticketId={ticket.id} onDone={reload} />}
          {ticket.csat && <Csat csat={ticket.csat} />}
        </div>
        <div>
          <section className="desk__panel" aria-labelledby="sla-heading">
            <h2 id="sla-heading">SLA clocks</h2>
            <ul className="list-plain" data-testid="sla-clocks">
              {ticket.slaClocks.map((c) => (
                <li key={c.id} className={`clock--${c.state}`} data-testid="sla-clock" data-kind={c.kind} data-state={c.state}>
                  <strong>{words(c.kind)}</strong> · {words(c.state)}
                  <br />
                  {c.state === 'MET' ? (
                    <>met {when(c.metAt)}</>
                  ) : c.state === 'PAUSED' ? (
                    <>paused, {c.timeLeftMinutesWhenPaused ?? '?'} min left when it resumes</>
                  ) : c.state === 'CANCELLED' ? (
                    <>cancelled</>
                  ) : (
                    <Countdown to={c.dueAt} label="due in" />
                  )}
                  <span className="desk__muted">
                    {' '}
                    · target {c.targetMinutes} min ({words(c.basis)} hours)
                  </span>
                </li>
              ))}
              {ticket.slaClocks.length === 0 && <li>No clocks.</li>}
            </ul>
          </section>
          <TicketChecklist
            items={ticket.checklist}
            disabled={!canChange || checked.fetching}
            onToggle={canChange ? (key, done) => void setChecklistItem({ ticketId: ticket.id, key, done }).then(reload) : undefined}
          />
          {checked.error && <p role="alert" className="desk__error">{errorText(checked.error)}</p>}
          <EscalatePanel
            key={ticket.id}
            currentLevel={ticket.escalationLevel}
            disabledReason={canChange ? null : 'Read-only: you cannot escalate.'}
            onEscalate={onEscalate}
            initial={{ priority: ticket.priority ?? '', ticket: ticket.number, issue: ticket.title, impact: ticket.usersImpacted != null ? `${ticket.usersImpacted} users` : '' }}
          />
          <Escalations level={ticket.escalationLevel} escalations={ticket.escalations} />
          <History activity={ticket.activity} reopenCount={ticket.reopenCount} />
        </div>
      </div>
    </main>
  );
}

function Escalations({ level, escalations }: { level: string; escalations: readonly { id: string; fromLevel: string; toLevel: string; reason: string; automatic: boolean; priority: string | null; createdAt: string; escalatedBy: { name: string } | null; assignedTo: { name: string } | null }[] }) {
  return (
    <section className="desk__panel" aria-labelledby="escalations-heading">
      <h2 id="escalations-heading">Escalations</h2>
      <p>
        Current level: <strong data-testid="current-escalation-level">{level}</strong>
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

type Activity = { id: string; action: string; field: string | null; fromValue: string | null; toValue: string | null; createdAt: string; actor: { name: string } | null };

/** One activity row in words: "status changed: new → triaged", "escalated: L1 → L2", … */
export function activityText(a: Pick<Activity, 'action' | 'field' | 'fromValue' | 'toValue'>): string {
  const value = (v: string | null) => (v === null ? 'none' : /^[A-Z0-9_]+$/.test(v) ? words(v) : v);
  if (a.action === 'checklist_ticked' || a.action === 'checklist_unticked') return `${words(a.action)}: ${words(a.field ?? '')}`;
  if (a.action === 'created') return a.toValue ? `created (${value(a.toValue)})` : 'created';
  if (a.action === 'escalated') return `escalated ${a.fromValue ?? '?'} → ${a.toValue ?? '?'}`;
  if (a.fromValue !== null || (a.toValue !== null && a.field)) return `${words(a.action)}: ${value(a.fromValue)} → ${value(a.toValue)}`;
  return a.toValue ? `${words(a.action)}: ${value(a.toValue)}` : words(a.action);
}

function History({ activity, reopenCount }: { activity: readonly Activity[]; reopenCount: number }) {
  return (
    <section className="desk__panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="list-plain" data-testid="history">
        {activity.map((a) => (
          <li key={a.id} data-testid="history-item" data-action={a.action}>
            {activityText(a)}
            {a.actor ? ` by ${a.actor.name}` : ''} <span className="desk__muted">{when(a.createdAt)}</span>
          </li>
        ))}
      </ol>
      {reopenCount > 0 && <p>Reopened {reopenCount}×</p>}
    </section>
  );
}

function ConfirmResolution({ ticketId, onDone }: { ticketId: string; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [state, confirm] = useMutation(ConfirmMutation);
  return (
    <section className="desk__panel" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">User confirmed the fix</h2>
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await confirm({ id: ticketId, ...(note.trim() ? { note: note.trim() } : {}) });
          if (!result.error) onDone();
        }}
      >
        <label htmlFor="confirm-note">How they confirmed (optional)</label>
        <input id="confirm-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="By phone, in chat, …" />
        {state.error && <p role="alert" className="desk__error">{errorText(state.error)}</p>}
        <button type="submit" disabled={state.fetching}>
          User confirmed
        </button>
      </form>
    </section>
  );
}

function Csat({ csat }: { csat: { rating: number | null; comment: string | null; sentAt: string; answeredAt: string | null } }) {
  return (
    <section className="desk__panel" aria-labelledby="csat-heading" data-testid="csat">
      <h2 id="csat-heading">Satisfaction (CSAT)</h2>
      {csat.answeredAt ? (
        <p>
          <strong>{csat.rating}/5</strong> {csat.comment ? `“${csat.comment}”` : ''} <span className="desk__muted">answered {when(csat.answeredAt)}</span>
        </p>
      ) : (
        <p className="desk__muted">Survey sent {when(csat.sentAt)}; not answered yet.</p>
      )}
    </section>
  );
}

function KbAnswer({ ticketId, onSent }: { ticketId: string; onSent: () => void }) {
  const [open, setOpen] = useState(false);
  const [articleId, setArticleId] = useState('');
  const [status, setStatus] = useState('');
  const [articles] = useQuery({ query: KbArticlesQuery, pause: !open });
  const [state, answer] = useMutation(AnswerWithKbMutation);
  return (
    <section className="desk__panel" aria-labelledby="kb-heading">
      <h2 id="kb-heading">Answer with a KB article</h2>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Pick an article
        </button>
      ) : (
        <form
          className="desk__form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!articleId) return;
            const result = await answer({ ticketId, articleId, ...(status ? { status } : {}) });
            if (result.error) return;
            setArticleId('');
            onSent();
          }}
        >
          <label htmlFor="kb-article">Published article</label>
          <select id="kb-article" value={articleId} onChange={(e) => setArticleId(e.target.value)}>
            <option value="">{articles.fetching ? 'Loading…' : articles.data?.kbArticles.length ? 'Choose…' : 'No published articles'}</option>
            {articles.data?.kbArticles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
          <label htmlFor="kb-status">Then set the ticket to</label>
          <select id="kb-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">(leave the status)</option>
            <option value="IN_PROGRESS">in progress</option>
            <option value="WAITING_ON_USER">waiting on user</option>
            <option value="RESOLVED">resolved</option>
          </select>
          {state.error && <p role="alert" className="desk__error">{errorText(state.error)}</p>}
          <button type="submit" disabled={!articleId || state.fetching}>
            Send the article
          </button>
        </form>
      )}
    </section>
  );
}

function RespondForm({ ticketId, templates, onSent }: { ticketId: string; templates: readonly { key: string; name: string; placeholders: readonly string[] }[]; onSent: () => void }) {
  const usable = templates.filter((t) => t.key !== 'auto_acknowledgement');
  const [key, setKey] = useState('');
  const [text, setText] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [rendered] = useQuery({ query: RenderQuery, variables: { key, ticketId }, pause: !key, requestPolicy: 'network-only' });
  const [sent, respond] = useMutation(RespondMutation);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (rendered.data) {
      setText(rendered.data.renderResponseTemplate.body);
      setValues({});
    }
  }, [rendered.data]);

  const body = useMemo(() => fill(text, values), [text, values]);
  const missing = unfilled(body);
  const inTemplate = unfilled(text);

  const send = async () => {
    if (missing.length || !body.trim()) return;
    const result = await respond({ id: ticketId, input: { body, ...(key ? { templateKey: key } : {}), ...(status ? { status } : {}) } });
    if (result.error) return;
    setNotice('Sent.');
    setKey('');
    setText('');
    setValues({});
    onSent();
  };

  return (
    <section className="desk__panel" aria-labelledby="respond-heading" data-testid="respond">
      <h2 id="respond-heading">Respond</h2>
      <form
        className="desk__form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="respond-template">Template</label>
        <select
          id="respond-template"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setNotice(null);
            if (!e.target.value) setText('');
          }}
        >
          <option value="">No template (write your own)</option>
          {usable.map((t) => (
            <option key={t.key} value={t.key}>
              {t.name}
            </option>
          ))}
        </select>
        {inTemplate.length > 0 && (
          <fieldset className="desk__form">
            <legend>Fill in the placeholders</legend>
            {inTemplate.map((name) => (
              <span key={name} className="desk__form">
                <label htmlFor={`ph-${name}`}>{name.replace(/_/g, ' ')}</label>
                <input id={`ph-${name}`} data-placeholder={name} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
              </span>
            ))}
          </fieldset>
        )}
        <label htmlFor="respond-body">Message to the requester</label>
        <textarea id="respond-body" rows={10} value={body} onChange={(e) => { setText(e.target.value); setValues({}); }} aria-describedby={missing.length ? 'respond-missing' : undefined} />
        {missing.length > 0 && (
          <p id="respond-missing" className="missing" data-testid="respond-missing">
            Not filled yet: {missing.map((m) => `{{${m}}}`).join(', ')}
          </p>
        )}
        <label htmlFor="respond-status">Then set the ticket to</label>
        <select id="respond-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">(leave the status)</option>
          <option value="IN_PROGRESS">in progress</option>
          <option value="WAITING_ON_USER">waiting on user</option>
          <option value="RESOLVED">resolved</option>
        </select>
        {sent.error && <p role="alert" className="desk__error">{errorText(sent.error)}</p>}
        {notice && <p role="status">{notice}</p>}
        <button type="submit" className="primary" disabled={sent.fetching || missing.length > 0 || !body.trim()}>
          Send response
        </button>
      </form>
    </section>
  );
}
