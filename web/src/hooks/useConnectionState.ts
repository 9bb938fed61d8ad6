import { useSyncExternalStore } from 'react';
import { useOpsboard } from '../client-context';
import type { ConnectionState } from '../urql';

export function useConnectionState(): ConnectionState {
  const { connection } = useOpsboard();
  return useSyncExternalStore(connection.subscribe, connection.get);
}
