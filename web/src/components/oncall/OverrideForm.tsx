import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, readFragment, type FragmentOf } from '../../graphql';
import { errorText } from '../../ui/errorText';

export const OverrideCoverFragment = graphql(`
  fragment OverrideCover_user on User {
    id
    name
    role
  }
`);

const CreateOverride = graphql(`
  mutation CreateOnCallOverride($input: CreateOnCallOverrideInput!) {
    createOnCallOverride(input: $input) {
      rotation {
        id
      }
    }
  }
`);

const DAY = 86_400_000;

function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Someone covers the rotation for a while (a swap, a sick day). */
export function OverrideForm({
  rotationId,
  users: people,
  onDone,
}: {
  rotationId: string;
  users: readonly FragmentOf<typeof OverrideCoverFragment>[];
  onDone: () => void;
}) {
  const users = readFragment(OverrideCoverFragment, people).filter((u) => u.role !== 'VIEWER');
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [startsAt, setStartsAt] = useState(() => localInput(Date.now() + DAY));
  const [endsAt, setEndsAt] = useState(() => localInput(Date.now() + 2 * DAY));
  const [reason, setReason] = useState('');
  const [result, create] = useMutation(CreateOverride);
  return (
    <section className="desk__panel" aria-labelledby="override-heading">
      <h2 id="override-heading">Add an override</h2>
      <form
        className="desk__row"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await create({
            input: {
              rotationId,
              userId,
              startsAt: new Date(startsAt).toISOString(),
              endsAt: new Date(endsAt).toISOString(),
              ...(reason.trim() ? { reason: reason.trim() } : {}),
            },
          });
          if (!r.error) {
            setReason('');
            onDone();
          }
        }}
      >
        <label htmlFor="ov-user">Who covers</label>
        <select id="ov-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <label htmlFor="ov-start">From</label>
        <input id="ov-start" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />
        <label htmlFor="ov-end">Until</label>
        <input id="ov-end" type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} required />
        <label htmlFor="ov-reason">Reason</label>
        <input id="ov-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="primary" disabled={result.fetching || !userId}>
          Add override
        </button>
      </form>
      {result.error && (
        <p role="alert" className="desk__error">
          {errorText(result.error)}
        </p>
      )}
    </section>
  );
}
