/** SARIF 2.1.0, ready for GitHub code scanning: one rule entry per rule, one result per finding. */
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import type { Finding, Severity } from '../model/types.js';
import { RULES, ENGINE_RULES } from '../engine/registry.js';
import { explainRule, markdownToText } from './explain.js';
import { VERSION } from '../version.js';

const LEVEL: Record<Severity, SarifResult.level> = { error: 'error', warning: 'warning', hint: 'note' };

export function toSarif(findings: readonly Finding[]): Log {
  const descriptors: ReportingDescriptor[] = RULES.map((rule) => {
    const markdown = explainRule(rule);
    return {
      id: rule.id,
      name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: rule.docs.title },
      fullDescription: { text: rule.docs.summary },
      help: { text: markdownToText(markdown), markdown },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ['kubernetes', `anti-pattern-${rule.antipattern}`] },
    };
  });
  for (const [id, meta] of Object.entries(ENGINE_RULES)) {
    descriptors.push({ id, shortDescription: { text: meta.title }, defaultConfiguration: { level: LEVEL[meta.severity] } });
  }
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'k8s-antipatterns', version: VERSION, informationUri: 'https://github.com/k8s-antipatterns-bot/k8s-antipatterns-bot', rules: descriptors } },
      results: findings.map((f): SarifResult => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file) }, region: { startLine: f.line, endLine: f.endLine } } }],
        partialFingerprints: { 'k8sAntipatterns/v1': f.fingerprint },
      })),
    }],
  };
}

export function formatSarif(findings: readonly Finding[]): string {
  return JSON.stringify(toSarif(findings), null, 2) + '\n';
}
