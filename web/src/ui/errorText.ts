import type { CombinedError } from 'urql';

/** What a failed query or mutation says to the person at the desk: the server's messages, else why it failed. */
export function errorText(error: Pick<CombinedError, 'graphQLErrors' | 'networkError' | 'message'> | undefined | null): string | null {
  if (!error) return null;
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean);
  if (messages.length) return messages.join(' ');
  return error.networkError ? 'Cannot reach the opsboard server.' : error.message;
}
