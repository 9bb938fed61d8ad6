import { graphql, readFragment, type FragmentOf } from '../../graphql';

export const MonthlyReportsFragment = graphql(`
  fragment MonthlyReports_review on ProcessReview {
    monthlyReports {
      kind
      computedAt
      data
    }
  }
`);

/** The month's computed metrics report, as the server stored it. */
export function MonthlyReports({ data, month }: { data: FragmentOf<typeof MonthlyReportsFragment> | null | undefined; month: string }) {
  const reports = readFragment(MonthlyReportsFragment, data)?.monthlyReports ?? [];
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">Monthly report</h2>
      {reports.length ? (
        reports.map((r) => (
          <details key={r.kind} className="desk__card" open>
            <summary>
              {r.kind} · computed {new Date(r.computedAt).toLocaleString('en-GB')}
            </summary>
            <pre className="desk__pre">{JSON.stringify(r.data, null, 2)}</pre>
          </details>
        ))
      ) : (
        <p className="desk__muted">The monthly metrics report for {month} shows here once it has been computed.</p>
      )}
    </section>
  );
}
