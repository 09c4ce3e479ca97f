/**
 * Rule ids, anti-pattern numbers and default severities are a contract with users (config files,
 * suppressions): every registered rule must match the catalog (test/fixtures/catalog.json,
 * transcribed from the shared ANTIPATTERNS.md).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { RULES } from '../../src/engine/registry.js';

interface CatalogEntry { id: string; antipattern: number; severity: string; kinds: string[] }
const catalog = JSON.parse(readFileSync(new URL('../fixtures/catalog.json', import.meta.url), 'utf8')) as CatalogEntry[];
const byId = new Map(catalog.map((e) => [e.id, e]));

describe('catalog conformance', () => {
  test.each(RULES.map((r) => [r.id, r] as const))('%s matches the catalog', (id, rule) => {
    const entry = byId.get(id);
    expect(entry).toBeDefined();
    expect({ antipattern: rule.antipattern, severity: rule.severity }).toEqual({ antipattern: entry!.antipattern, severity: entry!.severity });
  });

  test('the catalog has the rules of all fifteen anti-patterns', () => {
    expect(new Set(catalog.map((e) => e.antipattern)).size).toBe(15);
  });
});
