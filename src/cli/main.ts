/** The `k8s-antipatterns` command. Exit codes: 0 clean, 1 findings reach --fail-on, 2 anything else. */
import { runCheck, runDiff, runExplain, runRules, type Io } from './commands.js';
import { UsageError } from './git.js';
import { helpFor, parseCommandLine } from './options.js';
import { VERSION } from '../version.js';

/** The part of `process` the crash handlers use (tests pass a stand-in). */
export interface CrashSource {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (reason: unknown) => void): unknown;
  exit(code: number): never;
}

/**
 * A promise rejected where nobody awaits it (a library's background work) would end the process
 * with Node's own trace, or worse, after the report was printed with exit code 1. Say what
 * happened and exit 2: the review did not complete.
 */
export function installCrashHandlers(proc: CrashSource, stderr: (s: string) => void, debug: boolean): void {
  const report = (what: string) => (reason: unknown): void => {
    const message = reason instanceof Error ? reason.message : String(reason);
    const detail = debug && reason instanceof Error && reason.stack ? `\n${reason.stack}` : ' (run with --debug for details)';
    stderr(`k8s-antipatterns: internal error: ${what}: ${message}${detail}\nk8s-antipatterns: the review did not complete; its output, if any, is not reliable.\n`);
    proc.exit(2);
  };
  proc.on('unhandledRejection', report('unhandled promise rejection'));
  proc.on('uncaughtException', report('uncaught exception'));
}

export async function main(argv: readonly string[], io: Io, stderr: (s: string) => void): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const parsed = parseCommandLine(argv);
    debug = parsed.review.debug;
    if (parsed.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (parsed.help || !parsed.command) {
      (parsed.command || parsed.help ? io.stdout : stderr)(`${helpFor(parsed.command)}\n`);
      return parsed.help ? 0 : 2;
    }
    switch (parsed.command) {
      case 'check': return await runCheck(parsed, io);
      case 'diff': return await runDiff(parsed, io);
      case 'rules': return runRules(parsed, io);
      case 'explain': return runExplain(parsed, io);
      default: throw new UsageError(`unknown command "${parsed.command}"; commands: check, diff, rules, explain (see --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`k8s-antipatterns: ${error.message}\n`);
    } else {
      stderr(`k8s-antipatterns: internal error: ${(error as Error).message}${debug ? `\n${(error as Error).stack}` : ' (run with --debug for details)'}\n`);
    }
    return 2;
  }
}
