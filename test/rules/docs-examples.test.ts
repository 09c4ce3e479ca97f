/** Docs cannot lie: every bad example of every rule fires it, every good example does not. */
import { describe, expect, test } from '@jest/globals';
import { RULES } from '../../src/engine/registry.js';
import type { RuleExample } from '../../src/engine/rule.js';
import type { ChangedFile } from '../../src/model/types.js';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';
import { defaultExamplePath } from '../../src/engine/examples.js';

/** The example's files as a change: modified where it gives a base text, added otherwise. */
function exampleChange(example: RuleExample, path: string, text: string): ChangedFile[] {
  const heads: Record<string, string> = { ...example.context, [path]: text };
  const base = example.base ?? {};
  const files = Object.entries(heads).map(([p, t]) => (base[p] !== undefined ? modified(p, base[p], t) : added(p, t)));
  for (const [p, t] of Object.entries(base)) if (!(p in heads)) files.push(context(p, t));
  return files;
}

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test.each(rule.docs.examples.map((e, i) => [i, e] as const))('example %i: bad fires, good does not', async (_i, example) => {
    const path = example.path ?? defaultExamplePath(rule.kinds[0]);
    const bad = await findingsOf(rule.id, exampleChange(example, path, example.bad));
    const good = await findingsOf(rule.id, exampleChange(example, path, example.good));
    expect(bad.filter((f) => f.onDiff).length).toBeGreaterThan(0);
    expect(good.filter((f) => f.onDiff)).toEqual([]);
  });
});
