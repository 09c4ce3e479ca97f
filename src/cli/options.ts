/**
 * Command-line parsing with node:util, turned into usage errors a person can act on. Each command
 * has its own options and its own --help; an option of another command is refused by name.
 */
import { parseArgs } from 'node:util';
import type { FailOn } from '../config/config.js';
import { UsageError } from './git.js';

export type Format = 'text' | 'json' | 'sarif' | 'github';

export interface ReviewOptions {
  format: Format;
  failOn?: FailOn;
  config?: string;
  /** Default settings, whatever config file exists. */
  noConfig: boolean;
  quiet: boolean;
  debug: boolean;
  /** Threads for large inputs: a number (1 = none), or 'auto' (every core, for 2 MiB or more). */
  threads: number | 'auto';
}

export const COMMANDS = ['check', 'diff', 'rules', 'explain'] as const;
export type Command = (typeof COMMANDS)[number];

const REVIEW_OPTIONS = `  --format text|json|sarif|github   Output (default text; github = workflow commands).
  --fail-on error|warning|hint|never
                             Lowest severity that makes the exit code 1 (default: the
                             config's fail_on, else error).
  --quiet                    Print only findings that reach --fail-on, no summary.
  --threads N|auto           Threads that review manifests (default auto: every core, up to
                             4, when they add up to 2 MiB or more; 1: this thread only).
  --debug                    Show stack traces of internal errors.
  -h, --help                 Show this help.`;

const EXIT_CODES = `Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 usage error, unreadable input,
bad config or internal error.`;

export const HELP = `Usage: k8s-antipatterns <command> [options]

Commands:
  check [PATH...]            Review files and folders as if wholly new (default ".").
  diff [--base REV] [--head REV] [--repo DIR]
                             Review only what changed since the merge-base of REV and
                             HEAD, as the bot does on a pull request.
  rules [--format text|json] List every rule.
  explain <rule-id | number | words>
                             Explain a rule, or an anti-pattern and its rules.

Run "k8s-antipatterns <command> --help" for the options of a command.

  -h, --help                 Show this help.   -v, --version   Show the version.

${EXIT_CODES}`;

export const COMMAND_HELP: Record<Command, string> = {
  check: `Usage: k8s-antipatterns check [options] [PATH...]

Reviews files and folders as if every line were new (default: the current folder). Inside a
git work tree it reads what git tracks or would track (.gitignore is honoured), and reports
paths relative to the repository root; elsewhere, relative to the current folder.

Options:
${REVIEW_OPTIONS.replace('  --quiet', `  --config FILE              Config file (default: .github/k8s-antipatterns.yml of the
                             repository, or of the current folder outside git).
  --no-config                Use the default settings, whatever config file exists.
  --quiet`)}

${EXIT_CODES}`,
  diff: `Usage: k8s-antipatterns diff [--base REV] [--head REV] [--repo DIR] [options]

Reviews what a pull request from HEAD into REV would show, and reports a finding only when
the change touched it. The change is taken from the merge-base of REV and HEAD (git's three
dots, REV...HEAD), so commits that landed on REV after the branch are not counted.

Options:
  --base REV                 The branch the change goes into (default: origin/HEAD, else
                             main, else master).
  --head REV                 The change's last commit (default HEAD).
  --two-dot                  Compare the tree of --base itself with --head (git diff
                             REV HEAD) instead of starting from their merge-base.
  --repo DIR                 The git repository (default: the current folder).
  --config FILE              Config file to use. Default: .github/k8s-antipatterns.yml as it
                             is at the merge-base, as the App reads it from the default
                             branch, so a change cannot relax its own review. Pass
                             --config .github/k8s-antipatterns.yml to use the work tree's.
  --no-config                Use the default settings, whatever config file exists.
${REVIEW_OPTIONS}

${EXIT_CODES}`,
  rules: `Usage: k8s-antipatterns rules [--format text|json]

Lists every rule: anti-pattern number, default severity, id, title and the file kinds it reads.

Options:
  --format text|json         Output (default text).
  -h, --help                 Show this help.`,
  explain: `Usage: k8s-antipatterns explain <rule-id | anti-pattern number | words>

Explains a rule (what, why it hurts, how to fix it, a bad and a good example, how to suppress
it), an anti-pattern and the rules that detect it, or an engine finding (parse-error,
internal-error). Words match rule titles: "explain probes".

Options:
  --format text|json         text (default) or the Markdown source ("json" for compatibility).
  -h, --help                 Show this help.`,
};

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'hint', 'never'];

const OPTIONS = {
  format: { type: 'string' }, 'fail-on': { type: 'string' }, config: { type: 'string' }, 'no-config': { type: 'boolean' },
  quiet: { type: 'boolean' }, debug: { type: 'boolean' }, base: { type: 'string' }, head: { type: 'string' },
  repo: { type: 'string' }, 'two-dot': { type: 'boolean' }, threads: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;

const COMMON: readonly OptionName[] = ['help', 'version', 'debug'];
const REVIEW: readonly OptionName[] = ['format', 'fail-on', 'config', 'no-config', 'quiet', 'threads'];
const ALLOWED: Record<Command, readonly OptionName[]> = {
  check: [...COMMON, ...REVIEW],
  diff: [...COMMON, ...REVIEW, 'base', 'head', 'repo', 'two-dot'],
  rules: [...COMMON, 'format'],
  explain: [...COMMON, 'format'],
};

export interface Parsed {
  command?: string;
  positionals: string[];
  review: ReviewOptions;
  base?: string;
  head?: string;
  repo?: string;
  twoDot: boolean;
  help: boolean;
  version: boolean;
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let tokens: ReturnType<typeof parseArgs>['tokens'];
  try {
    ({ values, positionals, tokens } = parseArgs({ args: [...argv], allowPositionals: true, tokens: true, options: OPTIONS }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  let [command, ...rest] = positionals;
  // `help check` is `check --help`.
  if (command === 'help') {
    [command, ...rest] = rest;
    values.help = true;
  }
  if (command && (COMMANDS as readonly string[]).includes(command)) {
    const allowed = ALLOWED[command as Command];
    for (const token of tokens ?? []) {
      if (token.kind !== 'option' || allowed.includes(token.name as OptionName)) continue;
      const owners = COMMANDS.filter((c) => ALLOWED[c].includes(token.name as OptionName));
      throw new UsageError(`${token.rawName} is an option of ${owners.join(' and ')}, not of ${command} (see "k8s-antipatterns ${command} --help")`);
    }
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  if (values.config !== undefined && values['no-config'] === true) throw new UsageError('--config and --no-config exclude each other');
  const threads = parseThreads(values.threads as string | undefined);
  return {
    command,
    positionals: rest,
    review: { format: format as Format, failOn: failOn as FailOn | undefined, config: values.config as string | undefined, noConfig: values['no-config'] === true, quiet: values.quiet === true, debug: values.debug === true, threads },
    base: values.base as string | undefined,
    head: values.head as string | undefined,
    repo: values.repo as string | undefined,
    twoDot: values['two-dot'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** The help for a command line: the command's own when one is named. */
export function helpFor(command: string | undefined): string {
  return command && (COMMANDS as readonly string[]).includes(command) ? COMMAND_HELP[command as Command] : HELP;
}

function parseThreads(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new UsageError(`--threads must be a whole number from 1, or auto (got "${value}")`);
  return Number(value);
}
