import { useEffect, useMemo, useState } from 'react';
import { useOpsboard } from '../../client-context';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';

export const TimelineFragment = graphql(`
  fragment Timeline_incident on Incident {
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

export type TimelineEntry = ResultOf<typeof TimelineSubscription>['incidentTimeline']['entry'];

/**
 * The incident's timeline: the entries the query loaded, plus every entry the live subscription
 * delivers since (edits replace the entry in place). The query is refetched on every incident event
 * and after a reconnect, so nothing is missed between the two.
 */
export function useTimeline(incidentId: string, data: FragmentOf<typeof TimelineFragment> | undefined | null): TimelineEntry[] {
  const { client } = useOpsboard();
  const [entries, setEntries] = useState<Map<string, TimelineEntry>>(() => new Map());
  const loaded = readFragment(TimelineFragment, data)?.timeline;
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
    const all = new Map<string, TimelineEntry>();
    for (const e of loaded ?? [])
      all.set(e.id, { id: e.id, kind: e.kind, body: e.body, createdAt: e.createdAt, editedAt: e.editedAt, authorName: e.author?.name ?? null });
    for (const e of entries.values()) {
      const known = all.get(e.id);
      if (!known || (e.editedAt ?? e.createdAt) >= (known.editedAt ?? known.createdAt)) all.set(e.id, e);
    }
    return [...all.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
  }, [entries, loaded]);
}
