import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../ui/errorText';
import './paging.css';

const OnCallLoadQuery = graphql(`
  query OnCallLoad {
    pageLoad(weeks: 8) {
      weekStart
      userId
      name
      pages
      afterHoursPages
    }
    onCall {
      shiftCounts(days: 90) {
        user {
          id
          name
        }
        shifts
        hours
        pages
        afterHoursPages
      }
    }
  }
`);

/** The rotation's fairness (shifts and pages, 90 days) and the pages per person per week (8 weeks). */
export function OnCallLoad() {
  const [{ data, error }] = useQuery({ query: OnCallLoadQuery, requestPolicy: 'cache-and-network' });
  if (error) return <p className="desk__error">{errorText(error)}</p>;
  if (!data) return null;
  return (
    <section aria-labelledby="load-heading" data-testid="oncall-load">
      <h2 id="load-heading">On-call load</h2>
      {data.onCall && (
        <div className="table-scroll">
          <table className="desk__table">
            <caption>Last 90 days</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Shifts</th>
                <th scope="col">Hours</th>
                <th scope="col">Pages</th>
                <th scope="col">After hours</th>
              </tr>
            </thead>
            <tbody>
              {data.onCall.shiftCounts.map((c) => (
                <tr key={c.user.id}>
                  <th scope="row">{c.user.name}</th>
                  <td>{c.shifts}</td>
                  <td>{c.hours}</td>
                  <td>{c.pages}</td>
                  <td>{c.afterHoursPages}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-scroll">
        <table className="desk__table" data-testid="page-load">
          <caption>Pages per person per week, last 8 weeks</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Person</th>
              <th scope="col">Pages</th>
              <th scope="col">After hours</th>
            </tr>
          </thead>
          <tbody>
            {data.pageLoad.map((w) => (
              <tr key={`${w.weekStart}:${w.userId}`}>
                <td>{w.weekStart}</td>
                <th scope="row">{w.name}</th>
                <td>{w.pages}</td>
                <td>{w.afterHoursPages}</td>
              </tr>
            ))}
            {data.pageLoad.length === 0 && (
              <tr>
                <td colSpan={4}>No pages in the last 8 weeks.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
