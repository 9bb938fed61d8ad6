import { createContext, useContext } from 'react';

export type NavRole = 'viewer' | 'agent' | 'manager' | 'admin';

const RANK: Record<NavRole, number> = { viewer: 0, agent: 1, manager: 2, admin: 3 };

export interface ViewerInfo {
  displayName: string;
  /** The server's role: VIEWER, AGENT, ENGINEER, LEAD, MANAGER, ADMIN. */
  role: string;
  readOnly: boolean;
  userId: string | null;
  /** The least navigation role this viewer has: what the shell shows and which actions are enabled. */
  level: NavRole;
}

/** The server's scopes, read the same way: display tokens and viewers read; agents and up change. */
export function levelOf(role: string, readOnly: boolean): NavRole {
  if (readOnly || role === 'VIEWER') return 'viewer';
  if (role === 'ADMIN') return 'admin';
  if (role === 'MANAGER') return 'manager';
  return 'agent';
}

export function allows(level: NavRole, least: NavRole): boolean {
  return RANK[level] >= RANK[least];
}

export const ViewerContext = createContext<ViewerInfo | null>(null);

/** The signed-in viewer (inside the app shell). */
export function useViewer(): ViewerInfo {
  return useContext(ViewerContext) ?? { displayName: '', role: 'VIEWER', readOnly: true, userId: null, level: 'viewer' };
}

/** Whether this viewer may change things at the given level (agent by default). */
export function useCan(least: NavRole = 'agent'): boolean {
  return allows(useViewer().level, least);
}
