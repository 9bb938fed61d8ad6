import { CsvButton } from './CsvButton';
import { show, type Cell } from './metrics';

/** One report table with its CSV; `onRow` makes the first cell of each row open its tickets. */
export function ReportTable({
  title,
  csv,
  columns,
  rows,
  onRow,
}: {
  title: string;
  csv: string;
  columns: string[];
  rows: Cell[][];
  onRow?: (i: number) => void;
}) {
  return (
    <section className="report-card" aria-label={title}>
      <div className="report-card__head">
        <h3>{title}</h3>
        <CsvButton query={csv} label={title} />
      </div>
      <table className="desk__table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>
                  {j === 0 && onRow ? (
                    <button type="button" className="link-button" onClick={() => onRow(i)}>
                      {show(cell)}
                    </button>
                  ) : (
                    show(cell)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
