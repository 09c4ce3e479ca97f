/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the run and the PR.
 * Escaping follows the runner's rules: `%`, CR and LF in data; also `:` and `,` in properties.
 */
import type { Finding, Severity } from '../model/types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', hint: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly Finding[], pathPrefix = ''): string {
  return findings
    .map((f) => {
      const props = [`file=${escapeProperty(pathPrefix + f.file)}`, `line=${f.line}`, `endLine=${f.endLine}`, `title=${escapeProperty(`${f.rule} (anti-pattern ${f.antipattern})`)}`];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
