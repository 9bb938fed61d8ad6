import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { oneOf, TIMELINE_ENTRY_KINDS, timelineEntryKindNames, type TimelineEntryInputKind } from '../../ui/enums';
import { errorText } from '../../ui/errorText';

const AddEntry = graphql(`
  mutation AddTimelineEntry($input: AddIncidentTimelineEntryInput!) {
    addIncidentTimelineEntry(input: $input) {
      id
      nextInternalUpdateDueAt
      nextStatusPageUpdateDueAt
    }
  }
`);

export function PostUpdate({ incidentId }: { incidentId: string }) {
  const [kind, setKind] = useState<TimelineEntryInputKind>('INTERNAL_UPDATE');
  const [body, setBody] = useState('');
  const [result, add] = useMutation(AddEntry);
  return (
    <section className="desk__panel" aria-labelledby="post-heading">
      <h2 id="post-heading">Post to the timeline</h2>
      <form
        className="desk__form"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await add({ input: { incidentId, kind, body: body.trim() } });
          if (!r.error) setBody('');
        }}
      >
        <label htmlFor="post-kind">Kind</label>
        <select id="post-kind" value={kind} onChange={(e) => setKind(oneOf(TIMELINE_ENTRY_KINDS, e.target.value) ?? kind)}>
          {TIMELINE_ENTRY_KINDS.map((k) => (
            <option key={k} value={k}>
              {timelineEntryKindNames[k]}
            </option>
          ))}
        </select>
        <label htmlFor="post-body">Text</label>
        <textarea id="post-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
        {kind === 'STATUS_PAGE_UPDATE' && <p className="desk__muted">Everyone can read this on the public status page.</p>}
        {result.error && (
          <p role="alert" className="desk__error">
            {errorText(result.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={result.fetching || !body.trim()}>
          Post
        </button>
      </form>
    </section>
  );
}
