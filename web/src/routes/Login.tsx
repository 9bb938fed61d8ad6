import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { saveLoginToken } from '../auth';
import { graphql } from '../graphql';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { navigate } from '../router';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`);

// Public: what this opsboard offers (password, single sign-on or both).
const SignInOptionsQuery = graphql(`
  query SignInOptions {
    signInOptions {
      passwordLogin
      singleSignOn
    }
  }
`);

/** Back to the page that sent here (same site only), else the queue. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/queue';
}

/** The session token a single sign-on hands over in the URL fragment (#sso=…), taken out of the address bar at once. */
function takeSingleSignOnToken(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('sso');
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return token;
}

function describeError(error: CombinedError): string {
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  if (messages.length > 0) return messages.join(' ');
  if (error.networkError) return 'Cannot reach the opsboard server. Check the network and try again.';
  return error.message;
}

export default function Login() {
  useDocumentTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(LoginMutation);
  const [{ data: options, fetching: loadingOptions }] = useQuery({ query: SignInOptionsQuery });
  const passwordLogin = options?.signInOptions.passwordLogin ?? true;
  const singleSignOn = options?.signInOptions.singleSignOn ?? null;

  useEffect(() => {
    const token = takeSingleSignOnToken();
    if (!token) return;
    saveLoginToken(token);
    navigate(nextPath(), { replace: true });
  }, []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const result = await login({ email: email.trim(), password });
    if (result.error) {
      setError(describeError(result.error));
      return;
    }
    const token = result.data?.login.token;
    if (!token) {
      setError('The server did not return a session token.');
      return;
    }
    saveLoginToken(token);
    navigate(nextPath());
  };

  const ssoLink = singleSignOn && (
    <a className="login__sso" href={`/auth/oidc/login?${new URLSearchParams({ next: nextPath() }).toString()}`}>
      Sign in with {singleSignOn}
    </a>
  );

  if (loadingOptions && !options) return <main className="page page--center" aria-busy="true" />;
  if (!passwordLogin)
    return (
      <main className="page page--center">
        <div className="login">
          <h1>Sign in to opsboard</h1>
          {ssoLink}
        </div>
      </main>
    );

  return (
    <main className="page page--center">
      <form className="login" onSubmit={onSubmit} aria-describedby={error ? 'login-error' : undefined}>
        <h1>Sign in to opsboard</h1>
        <label htmlFor="login-email">Email</label>
        <input id="login-email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p id="login-error" className="login__error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={fetching}>
          {fetching ? 'Signing in…' : 'Sign in'}
        </button>
        {ssoLink && <p className="login__or">or</p>}
        {ssoLink}
      </form>
    </main>
  );
}
