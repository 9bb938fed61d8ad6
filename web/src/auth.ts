// A signed-in user's token lives in localStorage; a display token from `?token=` is kept for the
// tab in sessionStorage, so a reload or an in-app navigation still finds it.
const LOGIN_KEY = 'opsboard.token';
const DISPLAY_KEY = 'opsboard.displayToken';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // storage can be disabled (kiosk profiles, privacy modes)
  }
}

export function readToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token')?.trim();
  if (fromUrl) {
    storage('session')?.setItem(DISPLAY_KEY, fromUrl);
    return fromUrl;
  }
  return storage('session')?.getItem(DISPLAY_KEY) || storage('local')?.getItem(LOGIN_KEY) || null;
}

export function saveLoginToken(token: string): void {
  storage('session')?.removeItem(DISPLAY_KEY);
  storage('local')?.setItem(LOGIN_KEY, token);
}

export function authorizationHeader(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Forgets this tab's tokens (the server-side revocation is `logout`). */
export function clearTokens(): void {
  storage('session')?.removeItem(DISPLAY_KEY);
  storage('local')?.removeItem(LOGIN_KEY);
}
