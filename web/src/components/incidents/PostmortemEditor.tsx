import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';
import { Countdown } from '../../ui/Countdown';
import { errorText } from '../../ui/errorText';
import { when, words } from '../../ui/format';
import type { TimelineEntry } from './useTimeline';

export const PostmortemFragment = graphql(`
  fragment Postmortem_incident on Incident {
    id
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
`);

const UpdatePostmortem = graphql(`
  mutation UpdatePostmortem($input: UpdatePostmortemInput!) {
    updatePostmortem(input: $input) {
      id
    }
  }
`);

const POSTMORTEM_FIELDS = [
  ['summary', 'Summary'],
  ['impact', 'Impact'],
  ['timeline', 'Timeline'],
  ['rootCause', 'Root cause'],
  ['wentWell', 'What went well'],
  ['wentBadly', 'What went badly'],
] as const;
type PostmortemField = (typeof POSTMORTEM_FIELDS)[number][0];
type Draft = Record<PostmortemField, string>;

function timelineText(entries: readonly TimelineEntry[]): string {
  return entries
    .map(
      (e) =>
        `${new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC — ${words(e.kind)}${e.authorName ? ` (${e.authorName})` : ''}: ${e.body}`,
    )
    .join('\n');
}

interface Props {
  data: FragmentOf<typeof PostmortemFragment>;
  /** The war room's timeline, to prefill the post-mortem's own. */
  timeline: readonly TimelineEntry[];
  canChange: boolean;
}

/** The post-mortem of a resolved incident: a draft prefilled from the timeline, then published. */
export function PostmortemEditor({ data, timeline, canChange }: Props) {
  const { id: incidentId, postmortem } = readFragment(PostmortemFragment, data);
  if (!postmortem) return null;
  return <Editor incidentId={incidentId} postmortem={postmortem} timeline={timeline} canChange={canChange} />;
}

type Postmortem = NonNullable<ResultOf<typeof PostmortemFragment>['postmortem']>;

function Editor({ incidentId, postmortem, timeline, canChange }: Omit<Props, 'data'> & { incidentId: string; postmortem: Postmortem }) {
  const [draft, setDraft] = useState<Draft>(() => ({
    ...(Object.fromEntries(POSTMORTEM_FIELDS.map(([k]) => [k, postmortem[k]])) as Draft),
    timeline: postmortem.timeline || timelineText(timeline),
  }));
  const [result, save] = useMutation(UpdatePostmortem);
  const [saved, setSaved] = useState<string | null>(null);
  const published = postmortem.status === 'PUBLISHED';
  const submit = async (publish: boolean) => {
    const r = await save({ input: { incidentId, ...draft, ...(publish ? { publish: true } : {}) } });
    if (!r.error) setSaved(publish ? 'Published.' : 'Draft saved.');
  };
  return (
    <section className="desk__panel" aria-labelledby="pm-heading" data-testid="postmortem">
      <h2 id="pm-heading">Post-mortem</h2>
      <p className="desk__muted">
        {published ? (
          `Published ${when(postmortem.publishedAt)}`
        ) : (
          <>
            Draft, due <Countdown to={postmortem.dueAt} />
          </>
        )}
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
            <textarea
              id={`pm-${key}`}
              rows={key === 'timeline' ? 10 : 4}
              value={draft[key]}
              readOnly={!canChange || published}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            />
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
        {result.error && (
          <p role="alert" className="desk__error">
            {errorText(result.error)}
          </p>
        )}
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
