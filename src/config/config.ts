/**
 * The repository config `.github/k8s-antipatterns.yml`: parsed from text (no file-system access,
 * so the App can use it on what GitHub returns), validated with zod, errors that name the key.
 */
import { parse as parseYamlText } from 'yaml';
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// YAML 1.1 readers (and Probot's config loader) turn a bare `off` into false: accept both.
const ruleSetting = z.union([z.enum(['off', 'error', 'warning', 'hint']), z.literal(false)], {
  errorMap: () => ({ message: 'must be one of off, error, warning, hint' }),
});

const schema = z
  .object({
    rules: z.record(z.string(), ruleSetting).optional(),
    ignore_paths: z.array(z.string(), { errorMap: () => ({ message: 'must be a list of glob patterns' }) }).optional(),
    fail_on: z.enum(['error', 'warning', 'hint', 'never'], { errorMap: () => ({ message: 'must be one of error, warning, hint, never' }) }).optional(),
    max_comments: z.number({ invalid_type_error: 'must be a whole number from 0 to 100' }).int().min(0).max(100).optional(),
    review_event: z.enum(['comment', 'request_changes'], { errorMap: () => ({ message: 'must be comment or request_changes' }) }).optional(),
    review_drafts: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
    controller: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
    _extends: z.string().optional(),
  })
  .strict();

const ALLOWED_KEYS = Object.keys(schema.shape).filter((k) => k !== '_extends').join(', ');

/** Validates an already-parsed config object (Probot's `context.config` gives one). */
export function validateConfig(input: unknown, knownRules: ReadonlySet<string>): Config {
  if (input === null || input === undefined) return { ...DEFAULT_CONFIG };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new ConfigError(`unknown key "${issue.keys[0]}"; allowed keys: ${ALLOWED_KEYS}`);
    }
    if (issue.path.length === 0) throw new ConfigError('the config must be a YAML mapping of keys to values');
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const data = parsed.data;
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    if (!knownRules.has(id)) {
      const hint = closest(id, knownRules);
      throw new ConfigError(`rules.${id}: unknown rule id${hint ? ` (did you mean "${hint}"?)` : ''}; run "k8s-antipatterns rules" for the list`);
    }
    rules[id] = setting === false ? 'off' : setting;
  }
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
  let data: unknown;
  try {
    data = parseYamlText(text, { prettyErrors: false });
  } catch (error) {
    throw new ConfigError(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return validateConfig(data, knownRules);
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
