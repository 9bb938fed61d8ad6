import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { navigate } from '../../router';
import { oneOf, PRIORITIES, type Priority } from '../../ui/enums';
import { errorText } from '../../ui/errorText';

const DeclareMutation = graphql(`
  mutation DeclareIncident($input: DeclareIncidentInput!) {
    declareIncident(input: $input) {
      id
    }
  }
`);

/** Declare an incident and go to its war room. */
export function DeclareForm() {
  const [title, setTitle] = useState('');
  const [publicTitle, setPublicTitle] = useState('');
  const [severity, setSeverity] = useState<Priority>('P0');
  const [result, declare] = useMutation(DeclareMutation);
  return (
    <details className="desk__panel">
      <summary>Declare an incident</summary>
      <form
        className="desk__row"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await declare({ input: { title: title.trim(), publicTitle: publicTitle.trim() || null, severity } });
          if (r.data) navigate(`/incidents/${r.data.declareIncident.id}`);
        }}
      >
        <label htmlFor="declare-title">Title</label>
        <input id="declare-title" required value={title} onChange={(e) => setTitle(e.target.value)} size={50} />
        <label htmlFor="declare-public-title">Public title (status page, optional)</label>
        <input id="declare-public-title" value={publicTitle} onChange={(e) => setPublicTitle(e.target.value)} size={40} placeholder="Service disruption" />
        <label htmlFor="declare-severity">Severity</label>
        <select id="declare-severity" value={severity} onChange={(e) => setSeverity(oneOf(PRIORITIES, e.target.value) ?? severity)}>
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={result.fetching || !title.trim()}>
          Declare
        </button>
      </form>
      {result.error && (
        <p role="alert" className="desk__error">
          {errorText(result.error)}
        </p>
      )}
    </details>
  );
}
