/** Docs cannot lie: every bad example of every rule fires it, every good example does not. */
import { describe, expect, test } from '@jest/globals';
import { RULES } from '../../src/engine/registry.js';
import { findingsOf } from '../helpers/run.js';
import { defaultExamplePath } from '../../src/engine/examples.js';

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test.each(rule.docs.examples.map((e, i) => [i, e] as const))('example %i: bad fires, good does not', async (_i, example) => {
    const path = example.path ?? defaultExamplePath(rule.kinds[0]);
    const bad = await findingsOf(rule.id, { ...example.context, [path]: example.bad });
    const good = await findingsOf(rule.id, { ...example.context, [path]: example.good });
    expect(bad.length).toBeGreaterThan(0);
    expect(good).toEqual([]);
  });
});
