import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useOpsboard } from '../client-context';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents } from '../hooks/useLiveEvents';
import { Link, useParams } from '../router';
import { useCan } from '../viewer';
import { Countdown, errorText, PriorityTag, when, words } from '../components/desk/Countdown';

const IncidentQuery = graphql(`
  query WarRoom($id: ID!) {
    incident(id: $id) {
      id
      number
      title
      summary
      severity
      status
      declaredAt
      identifiedAt
      monitoringAt
      monitoringUntil
      resolvedAt
      resolutionKind
      usersImpacted
      internalUpdateMinutes
      statusPageUpdateMinutes
      nextInternalUpdateDueAt
      nextStatusPageUpdateDueAt
      incidentCommander {
        id
        name
      }
      timeline {
        id
        kind
        body
        createdAt
        editedAt
        author {
          name
        }
      }
      roles {
        id
        role
        endedAt
        user {
          id
          name
        }
      }
      checklist {
        key
        label
        doneAt
        doneBy {
          name
        }
      }
      tickets {
        linkedAt
        ticket {
          id
          number
          title
          status
        }
      }
      postmortem {
        status
        dueAt
        summary
        impact
        timeline
        rootCause
        wentWell
        wentBadly
        publishedAt
        actionItems {
          id
          description
          doneAt
          owner {
            name
          }
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

const TimelineSubscription = graphql(`
  subscription WarRoomTimeline($incidentId: ID!, $after: ID) {
    incidentTimeline(incidentId: $incidentId, after: $after) {
      id
      type
      entry {
        id
        kind
        body
        authorName
        createdAt
        editedAt
      }
    }
  }
`);

const AddEntry = graphql(`
  mutation AddTimelineEntry($input: AddIncidentTimelineEntryInput!) {
    addIncidentTimelineEntry(input: $input) {
      id
      nextInternalUpdateDueAt
      nextStatusPageUpdateDueAt
    }
  }
`);
const AssignRole = graphql(`
  mutation AssignIncidentRole($input: AssignIncidentRoleInput!) {
    assignIncidentRole(input: $input) {
      id
    }
  }
`);
const HandOver = graphql(`
  mutation HandOverIncidentCommand($input: HandOverIncidentCommandInput!) {
    handOverIncidentCommand(input: $input) {
      id
    }
  }
`);
const SetStatus = graphql(`
  mutation SetIncidentStatus($input: SetIncidentStatusInput!) {
    setIncidentStatus(input: $input) {
      id
      status
    }
  }
`);
const SetChecklist = graphql(`
  mutation SetIncidentChecklistItem($input: SetIncidentChecklistItemInput!) {
    setIncidentChecklistItem(input: $input) {
      id
    }
  }
`);
const SetCadence = graphql(`
  mutation SetIncidentCadence($input: SetIncidentCadenceInput!) {
    setIncidentCadence(input: $input) {
      id
    }
  }
`);
const LinkTicket = graphql(`
  mutation LinkIncidentTicket($input: LinkIncidentTicketInput!) {
    linkIncidentTicket(input: $input) {
      id
    }
  }
`);
const FindTicket = graphql(`
  query FindTicketByNumber($number: String!) {
    ticket(number: $number) {
      id
    }
  }
`);
const UpdatePostmortem = graphql(`
  mutation UpdatePostmortem($input: UpdatePostmortemInput!) {
    updatePostmortem(input: $input) {
      id
    }
  }
`);

interface Entry {
  id: string;
  kind: string;
  body: string;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
}

/**
 * The incident's timeline: the entries the query loaded, plus every entry the live subscription
 * delivers since (edits replace the entry in place). The query is refetched on every incident event
 * and after a reconnect, so nothing is missed between the two.
 */
function useTimeline(incidentId: string, loaded: readonly { id: string; kind: string; body: string; createdAt: string; editedAt: string | null; author: { name: string } | null }[] | undefined): Entry[] {
  const { client } = useOpsboard();
  const [entries, setEntries] = useState<Map<string, Entry>>(() => new Map());
  useEffect(() => {
    setEntries(new Map());
    const { unsubscribe } = client.subscription(TimelineSubscription, { incidentId }).subscribe((result) => {
      const event = result.data?.incidentTimeline;
      if (!event) return;
      setEntries((previous) => new Map(previous).set(event.entry.id, event.entry));
    });
    return unsubscribe;
  }, [client, incidentId]);
  return useMemo(() => {
    const all = new Map<string, Entry>();
    for (const e of loaded ?? []) all.set(e.id, { id: e.id, kind: e.kind, body: e.body, createdAt: e.createdAt, editedAt: e.editedAt, authorName: e.author?.name ?? null });
    for (const e of entries.values()) {
      const known = all.get(e.id);
      if (!known || (e.editedAt ?? e.createdAt) >= (known.editedAt ?? known.createdAt)) all.set(e.id, e);
    }
    return [...all.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
  }, [entries, loaded]);
}

const NEXT_STATUS: Record<string, string[]> = {
  INVESTIGATING: ['IDENTIFIED', 'MONITORING'],
  IDENTIFIED: ['MONITORING', 'INVESTIGATING'],
  MONITORING: ['RESOLVED', 'INVESTIGATING'],
  RESOLVED: [],
};

/** The war room: live timeline, updates against the cadence, roles, status, status page, tickets, resolve, post-mortem. */
export default function WarRoom() {
  const { id = '' } = useParams<{ id: string }>();
  const [{ data, error, fetching }, refetch] = useQuery({ query: IncidentQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const incident = data?.incident;
  useDocumentTitle(incident ? `INC-${incident.number} war room` : 'War room');
  const timeline = useTimeline(id, incident?.timeline);
  useLiveEvents(['incidents'], (event) => {
    if (!event || event.entityId === id) refetch({ requestPolicy: 'network-only' });
  });
  const canChange = useCan('agent');
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (!incident) {
    return (
      <main id="main" className="desk">
        <h1>War room</h1>
        {error ? <p role="alert" className="desk__error">{errorText(error)}</p> : <p>{fetching ? 'Loading…' : 'No such incident.'}</p>}
      </main>
    );
  }
  const resolved = incident.status === 'RESOLVED';
  const users = data.users.filter((u) => u.role !== 'VIEWER');

  return (
    <main id="main" className="desk" data-testid="war-room">
      <p className="desk__muted">
        <Link href="/incidents">Incidents</Link> / INC-{incident.number}
      </p>
      <h1>
        <PriorityTag priority={incident.severity} /> INC-{incident.number}: {incident.title}
      </h1>
      <p className="desk__row">
        <strong data-testid="incident-status">{words(incident.status)}</strong>· declared {when(incident.declaredAt)}· commander{' '}
        <strong data-testid="incident-commander">{incident.incidentCommander?.name ?? 'none'}</strong>
        {incident.monitoringUntil && !resolved && (
          <>
            · monitoring ends <Countdown to={incident.monitoringUntil} />
          </>
        )}
      </p>
      {!resolved && (
        <section className="desk__row desk__panel cadence" aria-label="Update cadence">
          <span>
            Next internal update (every {incident.internalUpdateMinutes} min): <Countdown to={incident.nextInternalUpdateDueAt} testId="next-internal-update" />
          </span>
          <span>
            Next status page update (every {incident.statusPageUpdateMinutes} min): <Countdown to={incident.nextStatusPageUpdateDueAt} testId="next-status-page-update" />
          </span>
          {canChange && <CadenceForm incidentId={incident.id} minutes={incident.internalUpdateMinutes} onDone={reload} />}
        </section>
      )}
      <div className="desk__grid">
        <div>
          {canChange && !resolved && <PostUpdate incidentId={incident.id} onDone={reload} />}
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline, newest first</h2>
            <ol className="list-plain" data-testid="timeline" aria-live="polite">
              {[...timeline].reverse().map((e) => (
                <li key={e.id} data-testid="timeline-entry" data-kind={e.kind}>
                  <span className="desk__muted">
                    {when(e.createdAt)} · {words(e.kind)} · {e.authorName ?? 'opsboard'}
                    {e.editedAt ? ' · edited' : ''}
                  </span>
                  <p className="message__body">{e.body}</p>
                </li>
              ))}
              {timeline.length === 0 && <li>Nothing yet.</li>}
            </ol>
          </section>
          {incident.postmortem && <PostmortemEditor incidentId={incident.id} postmortem={incident.postmortem} timeline={timeline} canChange={canChange} onDone={reload} />}
        </div>
        <div>
          <StatusPanel incident={incident} canChange={canChange} onDone={reload} />
          <section className="desk__panel" aria-labelledby="roles-heading">
            <h2 id="roles-heading">Roles</h2>
            <ul className="list-plain" data-testid="roles">
              <li>
                Incident commander: <strong>{incident.incidentCommander?.name ?? 'none'}</strong>
              </li>
              {incident.roles
                .filter((r) => !r.endedAt)
                .map((r) => (
                  <li key={r.id}>
                    {words(r.role)}: {r.user.name}
                  </li>
                ))}
            </ul>
            {canChange && !resolved && <RolesForm incidentId={incident.id} users={users} hasCommander={!!incident.incidentCommander} onDone={reload} />}
          </section>
          <section className="desk__panel" aria-labelledby="checklist-heading">
            <h2 id="checklist-heading">Immediate actions</h2>
            <ul className="list-plain">
              {incident.checklist.map((c) => (
                <li key={c.key}>
                  <ChecklistItem incidentId={incident.id} item={c} disabled={!canChange} onDone={reload} />
                </li>
              ))}
            </ul>
          </section>
          <section className="desk__panel" aria-labelledby="tickets-heading">
            <h2 id="tickets-heading">Linked tickets</h2>
            <ul className="list-plain" data-testid="linked-tickets">
              {incident.tickets.map(({ ticket }) => (
                <li key={ticket.id}>
                  <Link href={`/tickets/${ticket.number}`}>{ticket.number}</Link> {ticket.title} <span className="desk__muted">· {words(ticket.status)}</span>
                </li>
              ))}
              {incident.tickets.length === 0 && <li>None.</li>}
            </ul>
            {canChange && !resolved && <LinkTicketForm incidentId={incident.id} onDone={reload} />}
          </section>
        </div>
      </div>
    </main>
  );
}

function PostUpdate({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const [kind, setKind] = useState('INTERNAL_UPDATE');
  const [body, setBody] = useState('');
  const [result, add] = useMutation(AddEntry);
  return (
    <section className="desk__panel" aria-labelledby="post-heading">
      <h2 id="post-heading">Post to the timeline</h2>
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await add({ input: { incidentId, kind: kind as never, body: body.trim() } });
          if (!r.error) {
            setBody('');
            onDone();
          }
        }}
      >
        <label htmlFor="post-kind">Kind</label>
        <select id="post-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="INTERNAL_UPDATE">Internal update (team)</option>
          <option value="STATUS_PAGE_UPDATE">Status page update (public)</option>
          <option value="ACTION">Action taken</option>
          <option value="NOTE">Note</option>
        </select>
        <label htmlFor="post-body">Text</label>
        <textarea id="post-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
        {kind === 'STATUS_PAGE_UPDATE' && <p className="desk__muted">Everyone can read this on the public status page.</p>}
        {result.error && <p role="alert" className="desk__error">{errorText(result.error)}</p>}
        <button type="submit" className="primary" disabled={result.fetching || !body.trim()}>
          Post
        </button>
      </form>
    </section>
  );
}

function CadenceForm({ incidentId, minutes, onDone }: { incidentId: string; minutes: number; onDone: () => void }) {
  const [result, set] = useMutation(SetCadence);
  return (
    <span>
      <label htmlFor="cadence">Internal cadence</label>{' '}
      <select
        id="cadence"
        value={minutes}
        disabled={result.fetching}
        onChange={async (e) => {
          await set({ input: { incidentId, internalUpdateMinutes: Number(e.target.value) } });
          onDone();
        }}
      >
        {[...new Set([15, 20, 30, minutes])].sort((a, b) => a - b).map((m) => (
          <option key={m} value={m}>
            {m} min
          </option>
        ))}
      </select>
      {result.error && <span role="alert"> {errorText(result.error)}</span>}
    </span>
  );
}

function StatusPanel({ incident, canChange, onDone }: { incident: { id: string; status: string; resolutionKind: string | null; resolvedAt: string | null }; canChange: boolean; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('FIX');
  const [notify, setNotify] = useState(true);
  const [result, set] = useMutation(SetStatus);
  const options = NEXT_STATUS[incident.status] ?? [];
  const move = async (status: string) => {
    const r = await set({ input: { incidentId: incident.id, status: status as never, ...(note.trim() ? { note: note.trim() } : {}), ...(status === 'MONITORING' ? { resolution: resolution as never } : {}), ...(status === 'RESOLVED' ? { notifyRequesters: notify } : {}) } });
    if (!r.error) {
      setNote('');
      onDone();
    }
  };
  return (
    <section className="desk__panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <p>
        {words(incident.status)}
        {incident.resolutionKind ? ` (${words(incident.resolutionKind)})` : ''}
        {incident.resolvedAt ? `, resolved ${when(incident.resolvedAt)}` : ''}
      </p>
      {canChange && options.length > 0 && (
        <div className="desk__form">
          <label htmlFor="status-note">Status note{options.includes('MONITORING') ? ' (to enter monitoring: the fix or rollback)' : ''}</label>
          <input id="status-note" value={note} onChange={(e) => setNote(e.target.value)} />
          {options.includes('MONITORING') && (
            <>
              <label htmlFor="status-resolution">Monitoring after a</label>
              <select id="status-resolution" value={resolution} onChange={(e) => setResolution(e.target.value)}>
                <option value="FIX">fix</option>
                <option value="ROLLBACK">rollback</option>
              </select>
            </>
          )}
          {options.includes('RESOLVED') && (
            <label>
              <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} /> Send the resolution notice to every linked ticket's requester
            </label>
          )}
          <div className="desk__row">
            {options.map((s) => (
              <button key={s} type="button" className={s === 'RESOLVED' ? 'primary' : undefined} disabled={result.fetching} onClick={() => move(s)}>
                {s === 'RESOLVED' ? 'Resolve' : `Move to ${words(s)}`}
              </button>
            ))}
          </div>
          {result.error && <p role="alert" className="desk__error">{errorText(result.error)}</p>}
        </div>
      )}
    </section>
  );
}

function RolesForm({ incidentId, users, hasCommander, onDone }: { incidentId: string; users: readonly { id: string; name: string }[]; hasCommander: boolean; onDone: () => void }) {
  const [role, setRole] = useState('SCRIBE');
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [commander, setCommander] = useState(users[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [assigned, assign] = useMutation(AssignRole);
  const [handed, handOver] = useMutation(HandOver);
  const userOptions = users.map((u) => (
    <option key={u.id} value={u.id}>
      {u.name}
    </option>
  ));
  return (
    <div className="desk__form">
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await assign({ input: { incidentId, role: role as never, userId } });
          if (!r.error) onDone();
        }}
      >
        <label htmlFor="role-kind">Give a role</label>
        <select id="role-kind" value={role} onChange={(e) => setRole(e.target.value)}>
          {!hasCommander && <option value="INCIDENT_COMMANDER">incident commander</option>}
          <option value="SCRIBE">scribe</option>
          <option value="COMMUNICATIONS_LEAD">communications lead</option>
          <option value="RESPONDER">responder</option>
        </select>
        <label htmlFor="role-user">To</label>
        <select id="role-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
          {userOptions}
        </select>
        <button type="submit" disabled={assigned.fetching || !userId}>
          Assign
        </button>
        {assigned.error && <p role="alert" className="desk__error">{errorText(assigned.error)}</p>}
      </form>
      {hasCommander && (
        <form
          className="desk__form"
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await handOver({ input: { incidentId, userId: commander, ...(note.trim() ? { note: note.trim() } : {}) } });
            if (!r.error) {
              setNote('');
              onDone();
            }
          }}
        >
          <label htmlFor="handover-user">Hand over command to</label>
          <select id="handover-user" value={commander} onChange={(e) => setCommander(e.target.value)}>
            {userOptions}
          </select>
          <label htmlFor="handover-note">Handover note</label>
          <input id="handover-note" value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={handed.fetching || !commander}>
            Hand over
          </button>
          {handed.error && <p role="alert" className="desk__error">{errorText(handed.error)}</p>}
        </form>
      )}
    </div>
  );
}

function ChecklistItem({ incidentId, item, disabled, onDone }: { incidentId: string; item: { key: string; label: string; doneAt: string | null; doneBy: { name: string } | null }; disabled: boolean; onDone: () => void }) {
  const [result, set] = useMutation(SetChecklist);
  return (
    <label>
      <input
        type="checkbox"
        checked={!!item.doneAt}
        disabled={disabled || result.fetching}
        onChange={async (e) => {
          await set({ input: { incidentId, key: item.key, done: e.target.checked } });
          onDone();
        }}
      />{' '}
      {item.label}
      {item.doneAt && (
        <span className="desk__muted">
          {' '}
          · {item.doneBy?.name ?? 'done'} {when(item.doneAt)}
        </span>
      )}
    </label>
  );
}

function LinkTicketForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { client } = useOpsboard();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, link] = useMutation(LinkTicket);
  return (
    <form
      className="desk__row"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const found = await client.query(FindTicket, { number: number.trim() }, { requestPolicy: 'network-only' }).toPromise();
        const ticketId = found.data?.ticket?.id;
        if (!ticketId) return setError(errorText(found.error) ?? `No ticket ${number.trim()}.`);
        const r = await link({ input: { incidentId, ticketId } });
        if (r.error) return setError(errorText(r.error));
        setNumber('');
        onDone();
      }}
    >
      <label htmlFor="link-number">Link ticket</label>
      <input id="link-number" placeholder="PM-1042" value={number} onChange={(e) => setNumber(e.target.value)} size={10} />
      <button type="submit" disabled={result.fetching || !number.trim()}>
        Link
      </button>
      {error && <p role="alert" className="desk__error">{error}</p>}
    </form>
  );
}

const POSTMORTEM_FIELDS = [
  ['summary', 'Summary'],
  ['impact', 'Impact'],
  ['timeline', 'Timeline'],
  ['rootCause', 'Root cause'],
  ['wentWell', 'What went well'],
  ['wentBadly', 'What went badly'],
] as const;
type PostmortemField = (typeof POSTMORTEM_FIELDS)[number][0];

function timelineText(entries: readonly Entry[]): string {
  return entries.map((e) => `${new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC — ${words(e.kind)}${e.authorName ? ` (${e.authorName})` : ''}: ${e.body}`).join('\n');
}

function PostmortemEditor({
  incidentId,
  postmortem,
  timeline,
  canChange,
  onDone,
}: {
  incidentId: string;
  postmortem: Record<PostmortemField, string> & { status: string; dueAt: string; publishedAt: string | null; actionItems: readonly { id: string; description: string; doneAt: string | null; owner: { name: string } | null }[] };
  timeline: readonly Entry[];
  canChange: boolean;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState<Record<PostmortemField, string>>(() => ({
    ...(Object.fromEntries(POSTMORTEM_FIELDS.map(([k]) => [k, postmortem[k]])) as Record<PostmortemField, string>),
    timeline: postmortem.timeline || timelineText(timeline),
  }));
  const [result, save] = useMutation(UpdatePostmortem);
  const [saved, setSaved] = useState<string | null>(null);
  const published = postmortem.status === 'PUBLISHED';
  const submit = async (publish: boolean) => {
    const r = await save({ input: { incidentId, ...draft, ...(publish ? { publish: true } : {}) } });
    if (!r.error) {
      setSaved(publish ? 'Published.' : 'Draft saved.');
      onDone();
    }
  };
  return (
    <section className="desk__panel" aria-labelledby="pm-heading" data-testid="postmortem">
      <h2 id="pm-heading">Post-mortem</h2>
      <p className="desk__muted">
        {published ? `Published ${when(postmortem.publishedAt)}` : <>Draft, due <Countdown to={postmortem.dueAt} /></>}
      </p>
      <form
        className="desk__form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        {POSTMORTEM_FIELDS.map(([key, label]) => (
          <span key={key} className="desk__form">
            <label htmlFor={`pm-${key}`}>{label}</label>
            <textarea id={`pm-${key}`} rows={key === 'timeline' ? 10 : 4} value={draft[key]} readOnly={!canChange || published} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </span>
        ))}
        {canChange && !published && (
          <button type="button" onClick={() => setDraft({ ...draft, timeline: timelineText(timeline) })}>
            Refill the timeline from the war room
          </button>
        )}
        {postmortem.actionItems.length > 0 && (
          <>
            <h3>Action items</h3>
            <ul>
              {postmortem.actionItems.map((a) => (
                <li key={a.id}>
                  {a.description} — {a.owner?.name ?? 'no owner'}
                  {a.doneAt ? ' (done)' : ''}
                </li>
              ))}
            </ul>
          </>
        )}
        {result.error && <p role="alert" className="desk__error">{errorText(result.error)}</p>}
        {saved && <p role="status">{saved}</p>}
        {canChange && !published && (
          <div className="desk__row">
            <button type="submit" disabled={result.fetching}>
              Save draft
            </button>
            <button type="button" className="primary" disabled={result.fetching} onClick={() => submit(true)}>
              Publish
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
