/** The shape of a rule module. `defineRule` only adds types: a malformed rule does not compile. */
import type { FileKind, Severity } from '../model/types.js';
import type { FileContext, ChangeContext, FinishContext } from './context.js';

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

/**
 * The cross-file half of a rule, in two steps so that files can be reviewed one at a time (and on
 * several threads) and their syntax trees dropped: `gather` reads one file while its tree is alive
 * and hands over plain data (line numbers and places, never YAML nodes: the data may cross a thread),
 * then `finish` sees everything gathered, in file order, and reports at the places gathered.
 */
export interface CrossFile<T> {
  /** Kinds of files whose facts finish needs; gather runs on every readable one, context files included. */
  kinds: readonly [RuleKind, ...RuleKind[]];
  /**
   * Findings gather reports (ctx.report) are tentative: they stand unless finish withdraws them
   * all (ctx.withdraw()). They wait packed with the file's own findings, so a rule whose verdict
   * is all or nothing holds none of them in memory at the end, however many files.
   */
  gather(ctx: FileContext, collect: (value: T) => void): void;
  finish(ctx: FinishContext<T>): void;
}

/** Types a cross-file part (the type parameter is inferred from gather and finish). */
export function crossFile<T>(part: CrossFile<T>): CrossFile<T> {
  return part;
}

/**
 * A cross-file part of any fact type: each rule's facts are its own business (crossFile() checks
 * gather against finish); the engine only carries them from one to the other.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the engine never reads the facts
type AnyCrossFile = CrossFile<any>;

/**
 * A rule that looks at one file at a time (`check`, optionally with a cross-file half), or at the
 * whole change (`checkChange`). checkChange keeps every file's tree alive, so the engine runs it
 * only for rules whose kinds are all "context" kinds (charts, kustomizations, pipelines,
 * Terraform: few, small files); a rule that reads manifests across files uses `crossFile`.
 */
export type Rule =
  | (RuleBase & { check(ctx: FileContext): void | Promise<void>; crossFile?: AnyCrossFile; checkChange?: never })
  | (RuleBase & { crossFile: AnyCrossFile; check?: never; checkChange?: never })
  | (RuleBase & { checkChange(ctx: ChangeContext): void | Promise<void>; check?: never; crossFile?: never });

export function defineRule<const R extends Rule>(rule: R): R {
  return rule;
}
