import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useLiveEvents, useThrottled } from '../hooks/useLiveEvents';
import { Link, navigate, useSearch } from '../router';
import { useCan, useViewer } from '../viewer';
import { Countdown } from '../ui/Countdown';
import { CHANNELS, channelNames, oneOf, PRIORITIES, TICKET_STATUSES } from '../ui/enums';
import { errorText } from '../ui/errorText';
import { words } from '../ui/format';
import { PriorityBadge } from '../ui/PriorityBadge';
import { TriageOwnerFragment, TriagePanel } from '../components/ticket/TriagePanel';

// Each row selects TriagePanel_ticket's fields inline: as a spread in a list of 100 they would cost
// more than the server's query cost limit allows. TriagePanel's props type checks that they match.
const QueueQuery = graphql(
  `
    query Queue($filter: TicketFilter) {
      tickets(filter: $filter, first: 100) {
        totalCount
        edges {
          node {
            id
            number
            title
            status
            priority
            type
            channel
            createdAt
            owner {
              id
              name
            }
            slaClocks {
              id
              kind
              state
              dueAt
            }
            triageSuggestion {
              priority
              reason
              team
            }
          }
        }
      }
      users {
        id
        name
        ...TriageOwner_user
      }
    }
  `,
  [TriageOwnerFragment],
);

const SLA = { 'at-risk': 'At risk or breached', breached: 'Breached' } as const;

type Filters = { status: string; priority: string; channel: string; owner: string; sla: string };
const FILTER_KEYS = ['status', 'priority', 'channel', 'owner', 'sla'] as const;

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

/** The ticket queue: filters in the URL, j/k to move, t to triage, Enter to open. */
export default function Queue() {
  useDocumentTitle('Queue');
  const search = useSearch();
  const filters = useMemo(() => readFilters(search), [search]);
  const viewer = useViewer();
  const canChange = useCan('agent');
  const filter = useMemo(() => {
    const status = oneOf(TICKET_STATUSES, filters.status);
    const priority = oneOf(PRIORITIES, filters.priority);
    const channel = oneOf(CHANNELS, filters.channel);
    return {
      ...(status ? { status: [status] } : { open: true }),
      ...(priority ? { priority: [priority] } : {}),
      ...(channel ? { channel } : {}),
      ...(filters.owner ? { ownerId: filters.owner === 'me' ? (viewer.userId ?? '') : filters.owner } : {}),
    };
  }, [filters, viewer.userId]);
  const [{ data, error, fetching }, refetch] = useQuery({ query: QueueQuery, variables: { filter }, requestPolicy: 'cache-and-network' });
  // A busy desk changes several tickets a second: refetch at most once a second.
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  useLiveEvents(['tickets', 'sla'], reload);

  const rows = useMemo(() => {
    const all = data?.tickets.edges.map((e) => e.node) ?? [];
    if (!filters.sla) return all;
    const states = filters.sla === 'breached' ? ['BREACHED'] : ['AT_RISK', 'BREACHED'];
    return all.filter((t) => t.slaClocks.some((c) => states.includes(c.state)));
  }, [data, filters.sla]);

  const [selected, setSelected] = useState(0);
  const [triaging, setTriaging] = useState<string | null>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const index = Math.min(selected, Math.max(0, rows.length - 1));

  const setFilter = (key: keyof Filters, value: string) => {
    const params = new URLSearchParams(search);
    if (value) params.set(key, value);
    else params.delete(key);
    const query = params.toString();
    navigate(`/queue${query ? `?${query}` : ''}`, { replace: true });
    setSelected(0);
  };

  const focusRow = useCallback((i: number) => {
    setSelected(i);
    rowRefs.current[i]?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = rows[index];
    if (event.key === 'j' || event.key === 'ArrowDown') focusRow(Math.min(rows.length - 1, index + 1));
    else if (event.key === 'k' || event.key === 'ArrowUp') focusRow(Math.max(0, index - 1));
    else if ((event.key === 'Enter' || event.key === 'o') && row) navigate(`/tickets/${row.number}`);
    else if (event.key === 't' && row && canChange) setTriaging(row.id);
    else if (event.key === 'Escape') setTriaging(null);
    else return;
    event.preventDefault();
  };

  const triageRow = rows.find((r) => r.id === triaging) ?? null;

  return (
    <main id="main" className="desk">
      <h1>Queue</h1>
      <form className="desk__toolbar" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          id="f-status"
          label="Status"
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={[['', 'Open'], ...TICKET_STATUSES.map((s) => [s, words(s)] as [string, string])]}
        />
        <Select
          id="f-priority"
          label="Priority"
          value={filters.priority}
          onChange={(v) => setFilter('priority', v)}
          options={[['', 'Any'], ...PRIORITIES.map((p) => [p, p] as [string, string])]}
        />
        <Select
          id="f-channel"
          label="Channel"
          value={filters.channel}
          onChange={(v) => setFilter('channel', v)}
          options={[['', 'Any'], ...CHANNELS.map((c) => [c, channelNames[c]] as [string, string])]}
        />
        <Select
          id="f-owner"
          label="Owner"
          value={filters.owner}
          onChange={(v) => setFilter('owner', v)}
          options={[
            ['', 'Anyone'],
            ...(viewer.userId ? [['me', 'Me'] as [string, string]] : []),
            ...(data?.users ?? []).map((u) => [u.id, u.name] as [string, string]),
          ]}
        />
        <Select id="f-sla" label="SLA" value={filters.sla} onChange={(v) => setFilter('sla', v)} options={[['', 'Any'], ...Object.entries(SLA)]} />
        <span aria-live="polite" className="desk__muted" data-testid="queue-count">
          {fetching && !data ? 'Loading…' : `${rows.length} of ${data?.tickets.totalCount ?? 0}`}
        </span>
      </form>
      <p className="desk__help" id="queue-help">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open ·{' '}
        {canChange ? (
          <>
            <kbd>t</kbd> triage ·{' '}
          </>
        ) : null}
        <kbd>Esc</kbd> close
        {!canChange && ' · read-only: you can look, not change'}
      </p>
      {error && (
        <p role="alert" className="desk__error">
          {errorText(error)}
        </p>
      )}
      {triageRow && canChange && (
        <TriagePanel
          key={triageRow.id}
          data={triageRow}
          users={data?.users ?? []}
          defaultOwner={viewer.userId}
          onDone={() => {
            setTriaging(null);
            rowRefs.current[index]?.focus();
          }}
        />
      )}
      <table className="desk__table" data-testid="queue" aria-describedby="queue-help">
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Priority</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Channel</th>
            <th scope="col">Owner</th>
            <th scope="col">Next SLA</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {rows.map((t, i) => {
            const next = t.slaClocks
              .filter((c) => c.dueAt && (c.state === 'RUNNING' || c.state === 'AT_RISK' || c.state === 'BREACHED'))
              .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))[0];
            return (
              <tr
                key={t.id}
                ref={(el) => {
                  rowRefs.current[i] = el;
                }}
                tabIndex={i === index ? 0 : -1}
                aria-selected={i === index}
                onFocus={() => setSelected(i)}
                data-testid="queue-row"
                data-number={t.number}
              >
                <td>
                  <Link href={`/tickets/${t.number}`} tabIndex={-1}>
                    {t.number}
                  </Link>
                </td>
                <td>
                  <PriorityBadge priority={t.priority} />
                  {!t.priority && <span className="desk__muted"> suggested {t.triageSuggestion.priority}</span>}
                </td>
                <td className="desk__truncate">{t.title}</td>
                <td data-testid="queue-status">{words(t.status)}</td>
                <td>{channelNames[t.channel]}</td>
                <td>{t.owner?.name ?? <span className="desk__muted">unassigned</span>}</td>
                <td className={next ? `clock--${next.state}` : undefined}>
                  {next ? (
                    <>
                      {words(next.kind)} <Countdown to={next.dueAt} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!fetching && rows.length === 0 && <p>No tickets match these filters.</p>}
    </main>
  );
}

function Select({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}
