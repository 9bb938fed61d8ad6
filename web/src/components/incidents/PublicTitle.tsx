import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';

export const PublicTitleFragment = graphql(`
  fragment PublicTitle_incident on Incident {
    id
    publicTitle
    statusPageTitle
  }
`);

const SetPublicTitle = graphql(`
  mutation SetIncidentPublicTitle($input: SetIncidentPublicTitleInput!) {
    setIncidentPublicTitle(input: $input) {
      id
      publicTitle
      statusPageTitle
    }
  }
`);

/** The incident's name on the public status page: the internal title never leaves the team. */
export function PublicTitle({ data, canChange }: { data: FragmentOf<typeof PublicTitleFragment>; canChange: boolean }) {
  const incident = readFragment(PublicTitleFragment, data);
  const [draft, setDraft] = useState(incident.publicTitle ?? '');
  const [result, save] = useMutation(SetPublicTitle);
  return (
    <section className="desk__panel" aria-labelledby="public-title-heading">
      <h2 id="public-title-heading">On the status page</h2>
      <p>
        Shown as <strong data-testid="status-page-title">{incident.statusPageTitle}</strong>
        {!incident.publicTitle && <span className="desk__muted"> (the neutral default: the internal title is never public)</span>}
      </p>
      {canChange && (
        <form
          className="desk__form"
          onSubmit={(e) => {
            e.preventDefault();
            void save({ input: { incidentId: incident.id, publicTitle: draft.trim() || null } });
          }}
        >
          <label htmlFor="public-title">Public title</label>
          <input id="public-title" value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. Errors on the website" />
          {result.error && (
            <p role="alert" className="desk__error">
              {errorText(result.error)}
            </p>
          )}
          <button type="submit" disabled={result.fetching || draft.trim() === (incident.publicTitle ?? '')}>
            Save
          </button>
        </form>
      )}
    </section>
  );
}
