/** Every rule the engine knows, plus the engine's own pseudo-rules for unreadable input. */
import { allRules } from '../../rules/index.js';
import type { Severity } from '../model/types.js';
import type { Rule } from './rule.js';

/**
 * Findings the engine itself raises: a file it cannot parse, a rule that crashed. A rule that
 * could not run has not reviewed the file, so it fails closed (error): a crash must not turn a
 * failing review into a passing one. A parse-error is a warning, except for input refused as
 * too complex (hostile or generated), which is an error for the same reason.
 */
export const ENGINE_RULES: Readonly<Record<string, { severity: Severity; title: string }>> = {
  'parse-error': { severity: 'warning', title: 'File could not be parsed' },
  'internal-error': { severity: 'error', title: 'A rule could not run on this file' },
};

export const RULES: readonly Rule[] = [...allRules].sort((a, b) => a.antipattern - b.antipattern || a.id.localeCompare(b.id));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Ids accepted in config files and suppressions. */
export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([...BY_ID.keys(), ...Object.keys(ENGINE_RULES)]);
