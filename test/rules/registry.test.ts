/** Every rule module is registered once, is named after its id, and matches the catalog. */
import { describe, expect, test } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../src/engine/registry.js';

const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));

describe('rule registry', () => {
  test('every module in rules/ is registered exactly once under its file name', () => {
    const modules = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    const ids = RULES.map((r) => r.id).sort();
    expect(ids).toEqual(modules);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(RULES.map((r) => [r.id, r] as const))('%s has complete docs', (_id, rule) => {
    for (const field of ['title', 'summary', 'why', 'fix'] as const) expect(rule.docs[field].trim().length).toBeGreaterThan(10);
    expect(rule.docs.examples.length).toBeGreaterThan(0);
  });
});
