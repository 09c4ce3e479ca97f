/** The shape of a rule module. `defineRule` only adds types: a malformed rule does not compile. */
import type { FileKind, Severity } from '../model/types.js';
import type { FileContext, ChangeContext } from './context.js';

export type AntipatternNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15;
export type RuleKind = Exclude<FileKind, 'other'>;

export interface RuleExample {
  /** Path the example is checked under (decides its kind); defaults by the rule's first kind. */
  path?: string;
  bad: string;
  good: string;
  /** Other files of the example (a Chart.yaml beside a template, values...), by path. */
  context?: Record<string, string>;
  /**
   * The base revision, by path, for rules about what a change did: a file listed here is
   * reviewed as modified from this text (or as unchanged context when the example omits it).
   */
  base?: Record<string, string>;
}

export interface RuleDocs {
  /** Short imperative title, e.g. "Images must not use the latest tag". */
  title: string;
  /** One sentence. */
  summary: string;
  /** Markdown: why it hurts. */
  why: string;
  /** Markdown: what to do instead. */
  fix: string;
  examples: [RuleExample, ...RuleExample[]];
}

interface RuleBase {
  id: string;
  antipattern: AntipatternNumber;
  severity: Severity;
  kinds: readonly [RuleKind, ...RuleKind[]];
  docs: RuleDocs;
  /** Also run on files of no catalog kind (kind `other`): for scanners of every text file. */
  allTextFiles?: true;
}

/** A rule that looks at one file at a time, or at the whole change (cross-file rules). */
export type Rule =
  | (RuleBase & { check(ctx: FileContext): void | Promise<void>; checkChange?: never })
  | (RuleBase & { checkChange(ctx: ChangeContext): void | Promise<void>; check?: never });

export function defineRule<const R extends Rule>(rule: R): R {
  return rule;
}
