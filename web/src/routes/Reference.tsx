import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import './reference.css';

const ReferenceQuery = graphql(`
  query ReferenceCard {
    referenceCard {
      generatedAt
      timeZone
      priorities {
        priority
        label
        meaning
      }
      responseTimes {
        channel
        priority
        triage
        firstResponse
        userUpdate
        resolution
      }
      channels {
        channel
        label
        contact
      }
      escalationPath {
        level
        team
        handles
      }
      escalateWhen
      automaticEscalations {
        reason
        threshold
        effect
      }
      escalations {
        priority
        sendTo
      }
      reasonEscalations {
        reason
        toLevel
        sendTo
      }
      templates {
        key
        name
        subject
      }
      readings
      onCall {
        rotationName
        now {
          name
          email
        }
        next {
          name
        }
        nextHandoffAt
      }
      links {
        label
        url
      }
    }
  }
`);

const REASON_WORDS: Record<string, string> = {
  SECURITY: 'Security or privacy concern',
  UPSET_USER: 'Legal threat / extremely upset user',
  PRESS: 'Media or press inquiry',
  EXPERTISE: 'Expertise needed',
};

/** The guide's Quick Reference Card, from the live configuration; prints on one A4 page. */
export default function Reference() {
  useDocumentTitle('Quick reference card');
  const [{ data, error, fetching }] = useQuery({ query: ReferenceQuery, requestPolicy: 'network-only' });
  const card = data?.referenceCard;
  if (!card) {
    return (
      <main id="main" className="page reference" aria-busy={fetching}>
        <h1>Quick reference card</h1>
        <p role={error ? 'alert' : undefined}>{error ? error.message : 'Loading…'}</p>
      </main>
    );
  }
  const channels = card.channels;
  const target = (priority: string, channel: string) => card.responseTimes.find((r) => r.priority === priority && r.channel === channel);
  const generated = new Date(card.generatedAt);
  return (
    <main id="main" className="page reference" data-testid="reference-card">
      <header className="reference__header">
        <h1>Support quick reference</h1>
        <p className="reference__meta">
          Generated {generated.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} from the live configuration · business hours in{' '}
          {card.timeZone}
        </p>
        <button type="button" className="reference__print" onClick={() => window.print()}>
          Print
        </button>
      </header>

      <section className="reference__section reference__section--wide" aria-labelledby="ref-times">
        <h2 id="ref-times">Response times</h2>
        <table className="reference__table" data-testid="response-times">
          <caption>First response by priority and channel (SLA policies)</caption>
          <thead>
            <tr>
              <th scope="col">Priority</th>
              {channels.map((c) => (
                <th key={c.channel} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">Updates every</th>
              <th scope="col">Resolve within</th>
            </tr>
          </thead>
          <tbody>
            {card.priorities.map((p) => {
              const first = target(p.priority, channels[0]?.channel ?? 'EMAIL');
              return (
                <tr key={p.priority} data-testid={`response-times-${p.priority}`}>
                  <th scope="row">
                    <span className={`reference__prio reference__prio--${p.priority}`}>{p.priority}</span> {p.label}
                  </th>
                  {channels.map((c) => (
                    <td key={c.channel} data-testid={`first-response-${p.priority}-${c.channel}`}>
                      {target(p.priority, c.channel)?.firstResponse ?? '—'}
                    </td>
                  ))}
                  <td>{first?.userUpdate ?? '—'}</td>
                  <td>{first?.resolution ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ul className="reference__priorities">
          {card.priorities.map((p) => (
            <li key={p.priority}>
              <strong>{p.priority}</strong> {p.meaning}
            </li>
          ))}
        </ul>
      </section>

      <section className="reference__section" aria-labelledby="ref-oncall" data-testid="reference-on-call">
        <h2 id="ref-oncall">On call now</h2>
        {card.onCall?.now ? (
          <p>
            <strong>{card.onCall.now.name}</strong> · <a href={`mailto:${card.onCall.now.email}`}>{card.onCall.now.email}</a>
            <br />
            <small>
              {card.onCall.rotationName}
              {card.onCall.next ? ` · next: ${card.onCall.next.name}` : ''}
              {card.onCall.nextHandoffAt
                ? ` from ${new Date(card.onCall.nextHandoffAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`
                : ''}
            </small>
          </p>
        ) : (
          <p>Nobody is on call (no rotation yet).</p>
        )}
      </section>

      <section className="reference__section" aria-labelledby="ref-channels">
        <h2 id="ref-channels">Support channels</h2>
        <ul>
          {channels.map((c) => (
            <li key={c.channel}>
              <strong>{c.label}:</strong> {c.contact}
            </li>
          ))}
        </ul>
      </section>

      <section className="reference__section" aria-labelledby="ref-escalation">
        <h2 id="ref-escalation">Escalation</h2>
        <ol className="reference__path">
          {card.escalationPath.map((l) => (
            <li key={l.level}>
              <strong>{l.level}</strong> {l.team}: {l.handles}
            </li>
          ))}
        </ol>
        <ul data-testid="reference-send-to">
          {card.escalations.map((e) => (
            <li key={e.priority}>
              <strong>{e.priority}:</strong> {e.sendTo}
            </li>
          ))}
        </ul>
        <ul data-testid="reference-any-priority" className="reference__screen-only">
          {card.reasonEscalations.map((e) => (
            <li key={e.reason}>
              <strong>{REASON_WORDS[e.reason] ?? e.reason}</strong> (any priority) → {e.toLevel}: {e.sendTo}
            </li>
          ))}
        </ul>
        <p className="reference__small">
          Escalate at once if: {card.escalateWhen.join(' · ')}.{' '}
          <span data-testid="reference-automatic">
            Automatic:{' '}
            {card.automaticEscalations
              .filter((a) => !(a.reason in REASON_WORDS))
              .map((a) => `${a.threshold} → ${a.effect}`)
              .join(' · ')}
            .
          </span>
        </p>
      </section>

      <section className="reference__section reference__screen-only" aria-labelledby="ref-goals">
        <h2 id="ref-goals">Goals, as measured</h2>
        <ul data-testid="reference-goals">
          <li>
            <strong>Resolve 80 % within 48 h:</strong> share of tickets resolved in the month at most 48 calendar hours after creation (48 h counts); met at 80
            % exactly. Measured to the resolution, not the close (closing waits for the user).
          </li>
          <li>
            <strong>Respond to all within 4 h:</strong> 100 % of first responses within 4 business hours; one late answer misses it.
          </li>
          <li>
            <strong>90 %+ satisfied:</strong> answers of 4–5 out of all survey answers, met at 90 %.
          </li>
          <li>
            <strong>Legal threat, press, security:</strong> found in a new ticket&apos;s words (whole words), escalated to management at once, day or night,
            whatever the priority.
          </li>
        </ul>
      </section>

      <section className="reference__section reference__screen-only" aria-labelledby="ref-readings">
        <h2 id="ref-readings">How we read the guide</h2>
        <ul data-testid="reference-readings">
          {card.readings.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </section>

      <section className="reference__section" aria-labelledby="ref-templates">
        <h2 id="ref-templates">Response templates</h2>
        <ul className="reference__columns">
          {card.templates.map((t) => (
            <li key={t.key}>
              {t.name} <code>{t.key}</code>
            </li>
          ))}
        </ul>
      </section>

      <section className="reference__section" aria-labelledby="ref-links">
        <h2 id="ref-links">Quick links</h2>
        <ul>
          {card.links.map((l) => (
            <li key={l.url}>
              {l.label}: <a href={l.url}>{l.url}</a>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
