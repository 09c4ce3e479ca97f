/** `npm run docs`: rewrites the rules table in README.md, the rule pages in docs/rules/ and the config schema. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceRulesTable } from './rules-table.js';
import { generatedDocs } from './pages.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = join(root, 'README.md');
writeFileSync(readme, replaceRulesTable(readFileSync(readme, 'utf8')));
const docs = generatedDocs();
// A removed rule's page goes too.
for (const name of readdirSync(join(root, 'docs/rules'), { withFileTypes: true }).filter((e) => e.isFile())) {
  if (!docs.has(`docs/rules/${name.name}`)) rmSync(join(root, 'docs/rules', name.name));
}
for (const [path, text] of docs) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
console.log(`README.md rules table, ${docs.size - 1} docs pages and the config schema updated`);
