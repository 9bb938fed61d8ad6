import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { weekdayWhen, words } from '../../ui/format';

export const MeetingSummaryFragment = graphql(`
  fragment MeetingSummary_meeting on TriageMeeting {
    kind
    summary
  }
`);

// The summary is JSON the server computes when it builds the agenda (services/triage-meetings.ts).
interface DailySummary {
  newTickets: number;
  since: string;
  untriaged: number;
}

interface WeeklySummary {
  openTotal: number;
  openByAge: { label: string; count: number }[];
  trends: { createdThisWeek: number; createdLastWeek: number; resolvedThisWeek: number; resolvedLastWeek: number };
  slaMisses: { total: number; tickets: { number: string; kind: string }[] };
}

/** What the meeting starts from: new and untriaged tickets (daily), or the week's numbers (weekly). */
export function MeetingSummary({ data }: { data: FragmentOf<typeof MeetingSummaryFragment> }) {
  const meeting = readFragment(MeetingSummaryFragment, data);
  if (!meeting.summary) return null;
  if (meeting.kind === 'DAILY') {
    const s = meeting.summary as unknown as DailySummary;
    return (
      <p>
        {s.newTickets} new since the last triage ({weekdayWhen(s.since)}), {s.untriaged} untriaged.
      </p>
    );
  }
  const s = meeting.summary as unknown as WeeklySummary;
  return (
    <section className="desk__card" aria-labelledby="weekly-heading">
      <h2 id="weekly-heading">This week</h2>
      <p>
        {s.openTotal} open tickets by age: {s.openByAge.map((b) => `${b.label}: ${b.count}`).join(' · ')}
      </p>
      <p>
        Created {s.trends.createdThisWeek} (last week {s.trends.createdLastWeek}) · resolved {s.trends.resolvedThisWeek} (last week {s.trends.resolvedLastWeek})
      </p>
      <p>
        SLA misses this week: {s.slaMisses.total}
        {s.slaMisses.tickets.length > 0 && <> — {s.slaMisses.tickets.map((t) => `${t.number} (${words(t.kind)})`).join(', ')}</>}
      </p>
    </section>
  );
}
