/**
 * Commands that run another command (`sudo kubectl ...`, `env A=b helm ...`): the wrapped command
 * is what matters. Each wrapper lists its options that take a value, so `sudo -u deploy kubectl`
 * is read as kubectl and not as a command named "deploy".
 */

interface Wrapper {
  /** Options whose value is the next word (unless given as `--opt=value`). */
  valueFlags: ReadonlySet<string>;
  /** Leading `NAME=value` words set the environment (env, sudo). */
  assignments?: boolean;
  /** Positional words before the command (timeout's duration). */
  positionals?: number;
  /** Options after which the "command" is not run (`command -v kubectl` only looks it up). */
  lookupFlags?: ReadonlySet<string>;
}

const set = (...items: string[]): ReadonlySet<string> => new Set(items);

const WRAPPERS: Record<string, Wrapper> = {
  sudo: { valueFlags: set('-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user'), assignments: true },
  doas: { valueFlags: set('-u', '-C') },
  env: { valueFlags: set('-u', '--unset', '-C', '--chdir'), assignments: true },
  command: { valueFlags: set(), lookupFlags: set('-v', '-V') },
  builtin: { valueFlags: set() },
  exec: { valueFlags: set('-a') },
  time: { valueFlags: set('-f', '--format', '-o', '--output') },
  nice: { valueFlags: set('-n', '--adjustment') },
  nohup: { valueFlags: set() },
  stdbuf: { valueFlags: set('-i', '-o', '-e') },
  timeout: { valueFlags: set('-s', '--signal', '-k', '--kill-after'), positionals: 1 },
  xargs: { valueFlags: set('-I', '-n', '-L', '-P', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace') },
  watch: { valueFlags: set('-n', '--interval') },
};

/** Tools that ship kubectl inside another binary: `microk8s kubectl`, `k3s kubectl`. */
const KUBECTL_HOSTS = new Set(['microk8s', 'k3s']);

export interface Unwrapped {
  /** Indices of the words that form the wrapped command's argv; empty when nothing is run. */
  indices: number[];
  wrappers: string[];
  env: Record<string, string>;
}

export function commandName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return base.replace(/\.exe$/i, '');
}

/** Finds the command behind any wrappers. `words` are unquoted values. */
export function unwrap(words: readonly string[]): Unwrapped {
  const wrappers: string[] = [];
  const env: Record<string, string> = {};
  let i = 0;
  for (let depth = 0; depth < 8 && i < words.length; depth++) {
    const name = commandName(words[i]!);
    if (KUBECTL_HOSTS.has(name) && words[i + 1] === 'kubectl') {
      wrappers.push(name);
      return { indices: range(i + 1, words.length), wrappers, env };
    }
    if (name === 'minikube' && words[i + 1] === 'kubectl') {
      wrappers.push(name);
      // `minikube kubectl -- get pods`: the `--` separates minikube's options from kubectl's.
      const dashes = words.indexOf('--', i + 2);
      const tail = dashes >= 0 ? range(dashes + 1, words.length) : range(i + 2, words.length);
      return { indices: [i + 1, ...tail], wrappers, env };
    }
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    wrappers.push(name);
    i++;
    let positionals = wrapper.positionals ?? 0;
    while (i < words.length) {
      const word = words[i]!;
      if (word === '--') {
        i++;
        break;
      }
      if (wrapper.lookupFlags?.has(word)) return { indices: [], wrappers, env };
      if (word.startsWith('-') && word.length > 1) {
        i += wrapper.valueFlags.has(word) ? 2 : 1;
        continue;
      }
      const assignment = wrapper.assignments ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word) : null;
      if (assignment) {
        env[assignment[1]!] = assignment[2]!;
        i++;
        continue;
      }
      if (positionals > 0) {
        positionals--;
        i++;
        continue;
      }
      break;
    }
  }
  return { indices: range(i, words.length), wrappers, env };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash']);

/** Index of the script string of `sh -c '...'`, `bash -ec "..."` or `eval '...'`, if there is one. */
export function scriptArgument(argv: ReadonlyArray<{ value: string; dynamic: boolean }>): number | undefined {
  const name = argv[0] && !argv[0].dynamic ? commandName(argv[0].value) : '';
  if (name === 'eval') return argv.length === 2 && !argv[1]!.dynamic ? 1 : undefined;
  if (!SHELLS.has(name)) return undefined;
  let dashC = false;
  for (let i = 1; i < argv.length; i++) {
    const value = argv[i]!.value;
    if (value === '-o' || value === '+o') {
      i++;
      continue;
    }
    if (value === '--' || value.startsWith('--')) continue;
    if (/^[-+][a-zA-Z]+$/.test(value)) {
      if (value.startsWith('-') && value.includes('c')) dashC = true;
      continue;
    }
    return dashC ? i : undefined;
  }
  return undefined;
}
