import { when, words } from '../../ui/format';
import type { TimelineEntry } from './useTimeline';

export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline, newest first</h2>
      <ol className="list-plain" data-testid="timeline" aria-live="polite">
        {[...entries].reverse().map((e) => (
          <li key={e.id} data-testid="timeline-entry" data-kind={e.kind}>
            <span className="desk__muted">
              {when(e.createdAt)} · {words(e.kind)} · {e.authorName ?? 'opsboard'}
              {e.editedAt ? ' · edited' : ''}
            </span>
            <p className="message__body">{e.body}</p>
          </li>
        ))}
        {entries.length === 0 && <li>Nothing yet.</li>}
      </ol>
    </section>
  );
}
