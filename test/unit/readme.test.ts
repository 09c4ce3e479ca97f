import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { replaceRulesTable } from '../../src/docs/rules-table.js';

test('the README rules table is up to date (run `npm run docs` after changing rules)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(replaceRulesTable(readme)).toBe(readme);
});
