import { useState } from 'react';
import { authorizationHeader } from '../../auth';

async function downloadCsv(query: string, fallbackName: string): Promise<void> {
  const response = await fetch(`/reports/export.csv?${query}`, { headers: authorizationHeader() });
  if (!response.ok) throw new Error(`Export failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads one table or chart as the server's CSV (GET /reports/export.csv). */
export function CsvButton({ query, label }: { query: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="no-print"
        onClick={() =>
          downloadCsv(query, 'report.csv').then(
            () => setError(null),
            (e: Error) => setError(e.message),
          )
        }
        aria-label={`Download ${label} as CSV`}
      >
        CSV
      </button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}
