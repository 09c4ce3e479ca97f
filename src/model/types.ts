/** Types shared by every stage. Nothing here knows about GitHub or git. */

export type Severity = 'error' | 'warning' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'hint'];

/** Higher is more severe; used for sorting and for `fail_on`. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, hint: 1 };

/** File kinds of the catalog (ANTIPATTERNS.md), plus `other` for files no rule reads. */
export type FileKind =
  | 'manifest'
  | 'helm-template'
  | 'helm-values'
  | 'chart'
  | 'kustomization'
  | 'dockerfile'
  | 'script'
  | 'ci'
  | 'terraform'
  | 'source'
  | 'gitops'
  | 'other';

export const FILE_KINDS: readonly FileKind[] = [
  'manifest', 'helm-template', 'helm-values', 'chart', 'kustomization', 'dockerfile',
  'script', 'ci', 'terraform', 'source', 'gitops', 'other',
];

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'unchanged';

/** One file of a change, as every surface hands it to the engine. */
export interface ChangedFile {
  path: string;
  status: FileStatus;
  previousPath?: string;
  /** Text at the head revision; absent for removed, binary or skipped files. */
  text?: string;
  /**
   * Instead of `text`, for surfaces that can read a file again (the CLI, from disk): the engine
   * calls it when it needs the text and keeps the text no longer than that, so a repository of
   * tens of megabytes is never in memory at once. Undefined: the file can no longer be read.
   */
  load?: () => string | undefined;
  /** Text at the base revision, where a surface could supply it. */
  baseText?: string;
  /**
   * Lines (1-based, head side) that the change added or modified, and the head-side line ranges
   * of the diff hunks (where GitHub accepts a review comment). `all` means a wholly new file.
   */
  changedLines: ReadonlySet<number> | 'all';
  hunks?: ReadonlyArray<readonly [number, number]>;
  /** Set by the surface when it did not read the file (binary, too large, ...). */
  skipReason?: string;
}

/**
 * What the engine reviews. Files with status `unchanged` are context: the rest of a chart or a
 * folder at the head revision, read by cross-file rules but never reported on.
 */
export interface Change {
  files: ChangedFile[];
}

export interface Finding {
  rule: string;
  antipattern: number;
  severity: Severity;
  file: string;
  /** Anchor line (1-based, head side). */
  line: number;
  endLine: number;
  /** Lines the finding is about; it is on the diff when any of them changed. */
  span: [number, number];
  message: string;
  suggestion?: string;
  fingerprint: string;
  /** Filter stage: whether the change touched the finding, and the line to comment on. */
  onDiff?: boolean;
  commentLine?: number;
  suppressed?: Suppression;
}

export interface Suppression {
  /** `waiver`: `/antipattern ignore` in the pull request. */
  by: 'comment' | 'annotation' | 'config' | 'waiver';
  reason?: string;
}

export type FileResultStatus = 'analyzed' | 'skipped' | 'error';

export interface FileResult {
  path: string;
  kind: FileKind;
  status: FileResultStatus;
  reason?: string;
}

export interface Result {
  findings: Finding[];
  files: FileResult[];
}
