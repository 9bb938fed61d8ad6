import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { channelNames } from '../format';
import { Link, useParams } from '../router';
import { useCan, useViewer } from '../viewer';
import { Countdown, errorText, PriorityTag, when, words } from '../components/desk/Countdown';
import { EscalatePanel } from '../components/ticket/EscalatePanel';
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
        <span>owner {ticket.owner?.name ?? 'unassigned'}</span>·<span>escalation {ticket.escalationLevel}</span>
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
            <RespondForm ticketId={ticket.id} templates={data.responseTemplates} onSent={() => refetch({ requestPolicy: 'network-only' })} />
          ) : (
            <p className="desk__muted">Read-only: you can follow this ticket, not answer it.</p>
          )}
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
          <EscalatePanel
            key={ticket.id}
            currentLevel={ticket.escalationLevel}
            disabledReason={canChange ? null : 'Read-only: you cannot escalate.'}
            initial={{ priority: ticket.priority ?? '', ticket: ticket.number, issue: ticket.title, impact: ticket.usersImpacted != null ? `${ticket.usersImpacted} users` : '' }}
          />
          <History ticket={ticket} />
        </div>
      </div>
    </main>
  );
}

function History({ ticket }: { ticket: { createdAt: string; acknowledgedAt: string | null; triagedAt: string | null; firstRespondedAt: string | null; resolvedAt: string | null; closedAt: string | null; reopenCount: number; updatedAt: string; messages: readonly { id: string; kind: string; createdAt: string; author: { name: string } | null }[] } }) {
  const items = [
    ['Created', ticket.createdAt],
    ['Acknowledged', ticket.acknowledgedAt],
    ['Triaged', ticket.triagedAt],
    ['First response', ticket.firstRespondedAt],
    ['Resolved', ticket.resolvedAt],
    ['Closed', ticket.closedAt],
    ...ticket.messages.filter((m) => m.kind !== 'AUTO_ACKNOWLEDGEMENT').map((m) => [`${words(m.kind)}${m.author ? ` by ${m.author.name}` : ''}`, m.createdAt] as const),
    ['Last change', ticket.updatedAt],
  ].filter((i): i is [string, string] => !!i[1]);
  items.sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
  return (
    <section className="desk__panel" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ol className="list-plain" data-testid="history">
        {items.map(([what, at], i) => (
          <li key={i}>
            {what} <span className="desk__muted">{when(at)}</span>
          </li>
        ))}
      </ol>
      {ticket.reopenCount > 0 && <p>Reopened {ticket.reopenCount}×</p>}
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
