/** `npm run docs`: rewrites the rules table in README.md from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceRulesTable } from './rules-table.js';

const path = new URL('../../../README.md', import.meta.url);
writeFileSync(path, replaceRulesTable(readFileSync(path, 'utf8')));
console.log('README.md rules table updated');
