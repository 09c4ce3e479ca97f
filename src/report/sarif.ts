/** SARIF 2.1.0, ready for GitHub code scanning: one rule entry per rule, one result per finding. */
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import type { Finding, Severity } from '../model/types.js';
import { RULES, ENGINE_RULES } from '../engine/registry.js';
import { explainRule, markdownToText } from './explain.js';
import { VERSION } from '../version.js';
import { docsUrl, REPOSITORY_URL } from './links.js';

/** The base every result's path is relative to: the repository root (code scanning's name for it). */
export const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** Absolute folder the paths are relative to; recorded as %SRCROOT% when known. */
  root?: string;
}

const LEVEL: Record<Severity, SarifResult.level> = { error: 'error', warning: 'warning', hint: 'note' };

export function toSarif(findings: readonly Finding[], options: SarifOptions = {}): Log {
  const descriptors: ReportingDescriptor[] = RULES.map((rule) => {
    const markdown = explainRule(rule);
    return {
      id: rule.id,
      name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: rule.docs.title },
      fullDescription: { text: rule.docs.summary },
      helpUri: docsUrl(rule.id),
      help: { text: markdownToText(markdown), markdown },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ['kubernetes', `anti-pattern-${rule.antipattern}`] },
    };
  });
  for (const [id, meta] of Object.entries(ENGINE_RULES)) {
    descriptors.push({ id, shortDescription: { text: meta.title }, helpUri: docsUrl(id), defaultConfiguration: { level: LEVEL[meta.severity] } });
  }
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'k8s-antipatterns', version: VERSION, informationUri: REPOSITORY_URL, rules: descriptors } },
      ...(options.root ? { originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(options.root).href.replace(/\/?$/, '/') } } } : {}),
      results: findings.map((f): SarifResult => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file), uriBaseId: SRCROOT }, region: { startLine: f.line, endLine: f.endLine } } }],
        partialFingerprints: { 'k8sAntipatterns/v1': f.fingerprint },
      })),
    }],
  };
}

export function formatSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  return JSON.stringify(toSarif(findings, options), null, 2) + '\n';
}
