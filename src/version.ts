/** The package version, read once from package.json so reports and `--version` agree. */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // Compiled code lives one folder deeper (dist/src) than the sources (src): try both.
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
