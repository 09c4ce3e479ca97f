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
  return [...jsonChunks(findings, files)].join('');
}

/**
 * The report as pieces of about 64 KB, the same bytes as `JSON.stringify(report, null, 2)`: a
 * repository with 100,000 findings is written without building one string of 100 MB.
 */
export function* jsonChunks(findings: Iterable<Finding>, files: readonly FileResult[]): Generator<string> {
  let chunk = '{\n  "version": 1,\n  "findings": [';
  let first = true;
  for (const finding of findings) {
    const [entry] = toJsonReport([finding], []).findings;
    chunk += `${first ? '' : ','}\n    ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}`;
    first = false;
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  chunk += first ? '],\n' : '\n  ],\n';
  const { files: listed } = toJsonReport([], files);
  chunk += `  "files": ${JSON.stringify(listed, null, 2).replaceAll('\n', '\n  ')}\n}\n`;
  yield chunk;
}
