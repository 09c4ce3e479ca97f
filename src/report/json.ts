/**
 * The JSON report. Its shape is a contract (tests outside this repository read it): extend it,
 * never break it.
 */
import type { FileResult, Finding } from '../model/types.js';

export interface JsonReport {
  version: 1;
  findings: Array<Pick<Finding, 'rule' | 'antipattern' | 'severity' | 'file' | 'line' | 'endLine' | 'message' | 'suggestion' | 'fingerprint'>>;
  files: FileResult[];
}

export function toJsonReport(findings: readonly Finding[], files: readonly FileResult[]): JsonReport {
  return {
    version: 1,
    findings: findings.map((f) => ({
      rule: f.rule, antipattern: f.antipattern, severity: f.severity, file: f.file, line: f.line, endLine: f.endLine,
      message: f.message, ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}), fingerprint: f.fingerprint,
    })),
    files: files.map((f) => ({ path: f.path, kind: f.kind, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })),
  };
}

export function formatJson(findings: readonly Finding[], files: readonly FileResult[]): string {
  return JSON.stringify(toJsonReport(findings, files), null, 2) + '\n';
}
