/**
 * The yardstick of `npm run bench`: the bare YAML parse of the same files, one file at a time
 * (`parseAllDocuments` with a LineCounter, as the engine parses), read from disk like the CLI.
 * Prints JSON: parse time, documents, bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const start = performance.now();
let documents = 0;
let bytes = 0;
for (const path of walk(process.argv[2]!)) {
  if (!/\.ya?ml$/.test(path)) continue;
  const text = readFileSync(path, 'utf8');
  bytes += Buffer.byteLength(text);
  documents += parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false }).length;
}
console.log(JSON.stringify({ ms: performance.now() - start, documents, bytes }));
