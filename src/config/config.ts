/**
 * The repository config `.github/k8s-antipatterns.yml`: parsed from text (no file-system access,
 * so the App can use it on what GitHub returns), validated with zod, and every problem reported
 * at once, in our words, with the line it is on.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import type { Severity } from '../model/types.js';

export type FailOn = Severity | 'never';
export type RuleSetting = Severity | 'off';

export interface Config {
  rules: Record<string, RuleSetting>;
  ignore_paths: string[];
  fail_on: FailOn;
  max_comments: number;
  review_event: 'comment' | 'request_changes';
  review_drafts: boolean;
  controller: boolean;
}

export const DEFAULT_CONFIG: Config = {
  rules: {},
  ignore_paths: [],
  fail_on: 'error',
  max_comments: 20,
  review_event: 'comment',
  review_drafts: false,
  controller: false,
};

/** One problem of a config file: the key (dotted path), what is wrong, and its line when known. */
export interface ConfigIssue {
  path: string;
  message: string;
  line?: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issuesOrMessage: readonly ConfigIssue[] | string) {
    const issues = typeof issuesOrMessage === 'string' ? [{ path: '', message: issuesOrMessage }] : issuesOrMessage;
    super(issues.map(formatIssue).join('; '));
    this.issues = issues;
  }
}

/** `fail_on: must be one of ... (line 3)`: the key first, so a reader finds it. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path ? `${issue.path}: ` : ''}${issue.message}${issue.line ? ` (line ${issue.line})` : ''}`;
}

const SETTING_WORDS = 'must be one of off, error, warning, hint';

/** What each key means and what it allows: the JSON schema's descriptions and our error messages. */
export const KEY_DOCS = {
  rules: {
    description: 'Severity per rule id: off, error, warning or hint. Rules not listed keep their default severity.',
    invalid: 'must be a mapping of rule ids to off, error, warning or hint',
  },
  ignore_paths: {
    description: 'Glob patterns (picomatch, dotfiles included) matched against each file\'s whole path from the repository root. "*" stays within one folder, "**" crosses folders: "vendor/**" ignores everything under vendor/, "**/*.generated.yaml" such files at any depth. A bare "k8s" or "*.yaml" only matches at the top level.',
    invalid: 'must be a list of glob patterns',
  },
  fail_on: {
    description: 'Lowest severity that fails the check (App), the step (Action) or the exit code (CLI).',
    invalid: 'must be one of error, warning, hint, never',
  },
  max_comments: {
    description: 'App: inline review comments per review, most severe first.',
    invalid: 'must be a whole number from 0 to 100',
  },
  review_event: {
    description: 'App: post the review as a comment, or request changes when a finding reaches fail_on.',
    invalid: 'must be comment or request_changes',
  },
  review_drafts: {
    description: 'App: comment on draft pull requests too (their check run is always created).',
    invalid: 'must be true or false',
  },
  controller: {
    description: 'True for operators and controllers: code that talks to the Kubernetes API is expected, so app-uses-kube-api does not report it.',
    invalid: 'must be true or false',
  },
  _extends: {
    description: 'App only: extend the config of another repository (Probot\'s "_extends", for example ".github").',
    invalid: 'must be the name of a repository to extend',
  },
} as const;

// YAML 1.1 readers (and Probot's config loader) turn a bare `off` into false: accept both.
const ruleSetting = z.union([z.enum(['off', 'error', 'warning', 'hint']), z.literal(false)]);

export const configSchema = z
  .object({
    rules: z.record(z.string(), ruleSetting).optional(),
    ignore_paths: z.array(z.string()).optional(),
    fail_on: z.enum(['error', 'warning', 'hint', 'never']).optional(),
    max_comments: z.number().int().min(0).max(100).optional(),
    review_event: z.enum(['comment', 'request_changes']).optional(),
    review_drafts: z.boolean().optional(),
    controller: z.boolean().optional(),
    _extends: z.string().optional(),
  })
  .strict();

export const CONFIG_KEYS = Object.keys(configSchema.shape) as Array<keyof typeof KEY_DOCS>;
const ALLOWED_KEYS = CONFIG_KEYS.filter((k) => k !== '_extends').join(', ');

/** Where a key sits in the file: given a dotted path, its line (1-based). */
export type LineOf = (path: readonly (string | number)[]) => number | undefined;

/** Validates an already-parsed config object (Probot's `context.config` gives one). */
export function validateConfig(input: unknown, knownRules: ReadonlySet<string>, lineOf: LineOf = () => undefined): Config {
  if (input === null || input === undefined) return { ...DEFAULT_CONFIG };
  const issues: ConfigIssue[] = [];
  const at = (path: readonly (string | number)[], message: string, shown = path.join('.')): void => {
    issues.push({ path: shown, message, line: lineOf(path) });
  };
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const reported = new Set<string>();
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const hint = closest(key, CONFIG_KEYS);
          at([key], `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys: ${ALLOWED_KEYS}`, '');
        }
        continue;
      }
      const [key, ...rest] = issue.path;
      if (key === undefined) {
        at([], 'the config must be a YAML mapping of keys to values');
        continue;
      }
      // One message per key (a list of numbers is one problem, not one per item), in our words.
      const path = key === 'rules' && rest.length > 0 ? ['rules', rest[0]!] : [key];
      const id = path.join('.');
      if (reported.has(id)) continue;
      reported.add(id);
      at(path, path.length > 1 ? SETTING_WORDS : KEY_DOCS[key as keyof typeof KEY_DOCS]?.invalid ?? 'is not allowed here');
    }
  }
  // Unknown rule ids are looked at even when another key is wrong: every problem at once.
  const rulesInput = (input as { rules?: unknown }).rules;
  const rules: Record<string, RuleSetting> = {};
  if (rulesInput !== null && typeof rulesInput === 'object' && !Array.isArray(rulesInput)) {
    for (const [id, setting] of Object.entries(rulesInput as Record<string, unknown>)) {
      if (!knownRules.has(id)) {
        const hint = closest(id, knownRules);
        // Replaces a "bad value" issue for the same id: the id is the problem.
        const existing = issues.findIndex((i) => i.path === `rules.${id}`);
        if (existing >= 0) issues.splice(existing, 1);
        at(['rules', id], `unknown rule id${hint ? ` (did you mean "${hint}"?)` : ''}; run "k8s-antipatterns rules" for the list`);
      } else if (setting === false || ['off', 'error', 'warning', 'hint'].includes(setting as string)) {
        rules[id] = setting === false ? 'off' : (setting as RuleSetting);
      }
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const data = parsed.data!;
  return {
    rules,
    ignore_paths: data.ignore_paths ?? DEFAULT_CONFIG.ignore_paths,
    fail_on: data.fail_on ?? DEFAULT_CONFIG.fail_on,
    max_comments: data.max_comments ?? DEFAULT_CONFIG.max_comments,
    review_event: data.review_event ?? DEFAULT_CONFIG.review_event,
    review_drafts: data.review_drafts ?? DEFAULT_CONFIG.review_drafts,
    controller: data.controller ?? DEFAULT_CONFIG.controller,
  };
}

/** Parses and validates the text of a config file. */
export function parseConfig(text: string, knownRules: ReadonlySet<string>): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => ({
      path: '', message: `not valid YAML: ${e.message.split('\n')[0]}`, line: lines.linePos(e.pos[0]).line,
    })));
  }
  const lineOf: LineOf = (path) => {
    let node: unknown = doc.contents;
    let line: number | undefined = offsetLine(lines, node);
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === String(part));
        if (!pair) return line;
        line = offsetLine(lines, pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        line = offsetLine(lines, node) ?? line;
      } else {
        return line;
      }
    }
    return line;
  };
  return validateConfig(doc.toJS({ maxAliasCount: 100 }), knownRules, lineOf);
}

function offsetLine(lines: LineCounter, node: unknown): number | undefined {
  const range = (node as YamlNode | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

/** The known id nearest to a misspelt one, if it is close enough to be a typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
