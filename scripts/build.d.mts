// Types of build.mjs for its tests.
export interface Part {
  inputs: string[];
  ignore?: string[];
  outputs: string[];
  stampDir: string;
}
export type PartName = 'server' | 'web';
export const parts: Record<PartName, Part>;
export function hashInputs(root: string, part: Part): { hash: string; files: number };
export function staleReason(root: string, part: Part, hash: string): string | undefined;
export function build(options: {
  root: string;
  names?: PartName[];
  ifNeeded?: boolean;
  builders: Record<PartName, (root: string) => unknown>;
  log?: (line: string) => void;
}): Promise<PartName[]>;
export const builders: Record<PartName, (root: string) => unknown>;
