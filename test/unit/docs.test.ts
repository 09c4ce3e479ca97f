/** The generated documentation (docs/rules/*.md, the config schema) is committed and current. */
import { expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { generatedDocs } from '../../src/docs/pages.js';
import { RULES } from '../../src/engine/registry.js';
import { docsUrl } from '../../src/report/links.js';

const ROOT = new URL('../../', import.meta.url);

test('every generated page is committed as generated (run `npm run docs` after changing a rule)', () => {
  const stale = [...generatedDocs()].filter(([path, text]) => !existsSync(new URL(path, ROOT)) || readFileSync(new URL(path, ROOT), 'utf8') !== text).map(([path]) => path);
  expect(stale).toEqual([]);
});

test('no page of a rule that no longer exists', () => {
  const pages = readdirSync(new URL('docs/rules/', ROOT)).map((name) => `docs/rules/${name}`);
  expect(pages.filter((p) => !generatedDocs().has(p))).toEqual([]);
});

test('each rule has a page, and its docs link points at it', () => {
  for (const rule of RULES) {
    const page = generatedDocs().get(`docs/rules/${rule.id}.md`)!;
    expect(page).toContain(`(\`${rule.id}\`)`);
    expect(page).toContain(rule.docs.why);
    expect(docsUrl(rule.id)).toMatch(new RegExp(`/blob/main/docs/rules/${rule.id}\\.md$`));
  }
});
