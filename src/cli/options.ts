/** Command-line parsing with node:util, turned into usage errors a person can act on. */
import { parseArgs } from 'node:util';
import type { FailOn } from '../config/config.js';
import { UsageError } from './git.js';

export type Format = 'text' | 'json' | 'sarif' | 'github';

export interface ReviewOptions {
  format: Format;
  failOn?: FailOn;
  config?: string;
  quiet: boolean;
  debug: boolean;
}

export const HELP = `Usage: k8s-antipatterns <command> [options]

Commands:
  check [PATH...]            Review files and folders as if wholly new (default ".").
  diff [--base REV] [--head REV] [--repo DIR]
                             Review only what changed between two git revisions,
                             as the bot does on a pull request.
  rules [--format text|json] List every rule.
  explain <rule-id | number> Explain a rule, or an anti-pattern and its rules.

Options of check and diff:
  --format text|json|sarif|github   Output format (default text; github = workflow commands).
  --fail-on error|warning|hint|never
                             Lowest severity that makes the exit code 1 (default: the
                             config's fail_on, else error).
  --config FILE              Config file (default: .github/k8s-antipatterns.yml when present).
  --quiet                    Print only findings that reach --fail-on, no summary.
  --debug                    Show stack traces of internal errors.

  -h, --help                 Show this help.   -v, --version   Show the version.

Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 usage error, unreadable input,
bad config or internal error.`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'hint', 'never'];

export interface Parsed {
  command?: string;
  positionals: string[];
  review: ReviewOptions;
  base?: string;
  head?: string;
  repo?: string;
  help: boolean;
  version: boolean;
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' }, 'fail-on': { type: 'string' }, config: { type: 'string' },
        quiet: { type: 'boolean' }, debug: { type: 'boolean' }, base: { type: 'string' }, head: { type: 'string' },
        repo: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  const [command, ...rest] = positionals;
  return {
    command,
    positionals: rest,
    review: { format: format as Format, failOn: failOn as FailOn | undefined, config: values.config as string | undefined, quiet: values.quiet === true, debug: values.debug === true },
    base: values.base as string | undefined,
    head: values.head as string | undefined,
    repo: values.repo as string | undefined,
    help: values.help === true,
    version: values.version === true,
  };
}
