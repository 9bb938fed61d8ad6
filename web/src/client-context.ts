import { createContext, useContext } from 'react';
import type { OpsboardClient } from './urql';

export const OpsboardContext = createContext<OpsboardClient | null>(null);

/** The app's one urql client plus its graphql-ws client and connection state. */
export function useOpsboard(): OpsboardClient {
  const value = useContext(OpsboardContext);
  if (!value) throw new Error('useOpsboard must be used inside <OpsboardContext>');
  return value;
}
