/**
 * The library entry (`import { analyze } from 'k8s-antipatterns-bot'`): the engine the App, the
 * Action and the CLI share, the rule list, the explanations and the report formats. The engine is
 * a pure function of a change and a config: it reads no disk and no network.
 */
import { RULES as ALL_RULES, ENGINE_RULES, ruleById } from './engine/registry.js';
import { explainAntipattern, explainEngineFinding, explainRule } from './report/explain.js';
import { docsUrl } from './report/links.js';
import type { RuleKind } from './engine/rule.js';
import type { Severity } from './model/types.js';

export { analyze, MAX_FILE_BYTES, type AnalyzeOptions } from './engine/analyze.js';
export type {
  Change, ChangedFile, FileKind, FileResult, FileResultStatus, FileStatus, Finding, Result, Severity, Suppression,
} from './model/types.js';
export type { Rule, RuleDocs, RuleExample, RuleKind } from './engine/rule.js';
export { ConfigError, DEFAULT_CONFIG, parseConfig, validateConfig, type Config, type ConfigIssue, type FailOn, type RuleSetting } from './config/config.js';
export { KNOWN_RULE_IDS, ruleById } from './engine/registry.js';
export { toJsonReport, formatJson, type JsonReport } from './report/json.js';
export { toSarif, formatSarif } from './report/sarif.js';
export { formatText } from './report/text.js';
export { docsUrl } from './report/links.js';
export { VERSION } from './version.js';

/** A rule as a list shows it: what `k8s-antipatterns rules --format json` prints, plus its page. */
export interface RuleInfo {
  id: string;
  antipattern: number;
  severity: Severity;
  kinds: readonly RuleKind[];
  title: string;
  docsUrl: string;
}

/** Every rule, by anti-pattern then id. */
export const rules: readonly RuleInfo[] = ALL_RULES.map((r) => ({
  id: r.id, antipattern: r.antipattern, severity: r.severity, kinds: r.kinds, title: r.docs.title, docsUrl: docsUrl(r.id),
}));

/** The rule objects themselves (with their checks), for running a subset through `analyze`. */
export const RULES = ALL_RULES;

/**
 * The explanation (Markdown) of a rule id, an engine finding (`parse-error`, `internal-error`) or
 * an anti-pattern number; undefined when there is none.
 */
export function explain(topic: string | number): string | undefined {
  if (typeof topic === 'number' || /^\d+$/.test(topic)) return explainAntipattern(Number(topic));
  const rule = ruleById(topic);
  if (rule) return explainRule(rule);
  return topic in ENGINE_RULES ? explainEngineFinding(topic) : undefined;
}
