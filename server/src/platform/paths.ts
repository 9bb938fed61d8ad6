// Folders of the repository the server reads at runtime (the built web app, the default data folder).
// They are found from this module's own place, which is server/src/platform when the server runs from
// its source and server/dist when it runs from the build (`pnpm build`): the root is the nearest folder
// above holding pnpm-workspace.yaml.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findRepositoryRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository's root folder; the working directory if the server runs outside one. */
export const repositoryRoot: string = findRepositoryRoot(dirname(fileURLToPath(import.meta.url))) ?? process.cwd();

export const fromRoot = (...parts: string[]): string => join(repositoryRoot, ...parts);
