// Writes server/schema.graphql, the printed schema the web app's typed documents are checked against.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../graphql/schema.ts';

const target = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
await writeFile(target, printedSchema());
console.log(`wrote ${target}`);
