import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorText } from '../ui/errorText';
import { when } from '../ui/format';

const TokensQuery = graphql(`
  query Tokens {
    authTokens {
      id
      kind
      name
      user {
        name
      }
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
      current
    }
  }
`);

const RevokeMutation = graphql(`
  mutation RevokeTokenById($id: ID!) {
    revokeToken(id: $id)
  }
`);

const CreateDisplayMutation = graphql(`
  mutation NewDisplayToken($name: String!) {
    createDisplayToken(name: $name) {
      token
    }
  }
`);

type Token = { expiresAt: string | null; revokedAt: string | null };
const stateOf = (t: Token, now: number) => (t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) <= now ? 'expired' : 'active');

/**
 * Tokens for managers: every sign-in and display token, when each was last used, and Revoke (its open
 * WebSockets close at once). A new display token for a TV is shown once, as the wallboard link to open.
 */
export default function Tokens() {
  useDocumentTitle('Tokens');
  const [{ data, error, fetching }, refetch] = useQuery({ query: TokensQuery, requestPolicy: 'cache-and-network' });
  const [revoked, revoke] = useMutation(RevokeMutation);
  const [created, createDisplay] = useMutation(CreateDisplayMutation);
  const [name, setName] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const now = Date.now();
  const rows = data?.authTokens ?? [];

  const onRevoke = async (id: string) => {
    const result = await revoke({ id });
    if (!result.error) refetch({ requestPolicy: 'network-only' });
  };
  const onCreate = async () => {
    const result = await createDisplay({ name });
    const token = result.data?.createDisplayToken.token;
    if (!token) return;
    setLink(`${window.location.origin}/wallboard?token=${encodeURIComponent(token)}`);
    setName('');
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <main id="main" className="desk">
      <h1>Tokens</h1>
      <form
        className="desk__toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void onCreate();
        }}
      >
        <label htmlFor="display-name">New display token (a TV)</label>
        <input id="display-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="Office TV" />
        <button type="submit" disabled={created.fetching || !name.trim()}>
          Create
        </button>
        {fetching && <span aria-live="polite">Loading…</span>}
      </form>
      {link && (
        <p role="status" data-testid="display-link">
          Open this on the TV (shown once; it reads the wallboard only): <code>{link}</code>
        </p>
      )}
      {(error || revoked.error || created.error) && <p role="alert">{errorText(error ?? revoked.error ?? created.error)}</p>}
      <table className="desk__table" data-testid="tokens">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Whose</th>
            <th scope="col" className="desk__wide">
              Created
            </th>
            <th scope="col">Last used</th>
            <th scope="col" className="desk__wide">
              Expires
            </th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const state = stateOf(t, now);
            const who = t.user?.name ?? t.name ?? 'Display';
            return (
              <tr key={t.id} data-testid="token-row" data-state={state}>
                <td>{t.kind === 'DISPLAY' ? 'display' : 'sign-in'}</td>
                <td>
                  {who}
                  {t.current && <span className="desk__muted"> · this browser</span>}
                </td>
                <td className="desk__wide">{when(t.createdAt)}</td>
                <td>{t.lastUsedAt ? when(t.lastUsedAt) : 'never'}</td>
                <td className="desk__wide">{t.expiresAt ? when(t.expiresAt) : 'never'}</td>
                <td>{state}</td>
                <td>
                  {state === 'active' && !t.current && (
                    <button
                      type="button"
                      disabled={revoked.fetching}
                      onClick={() => onRevoke(t.id)}
                      aria-label={`Revoke ${t.kind === 'DISPLAY' ? 'display' : 'sign-in'} of ${who}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!fetching && rows.length === 0 && <p>No tokens.</p>}
    </main>
  );
}
