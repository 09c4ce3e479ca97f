/**
 * Reads kubectl and helm command lines: `kubectl -n prod --context x patch deploy/a -p ...` is
 * subcommand `patch` with positional `deploy/a`. Options that take a value must be known, or
 * their value would be mistaken for the subcommand; unknown options are read as booleans.
 */
import type { ShellCommand, ShellWord } from './script.js';

const KUBECTL_VALUE_FLAGS = new Set([
  // global
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as',
  '--as-group', '--as-uid', '--certificate-authority', '--client-certificate', '--client-key', '--request-timeout',
  '--cache-dir', '--tls-server-name', '--username', '--password', '-v', '--v', '--log-file', '--log-dir', '--vmodule',
  '--profile', '--profile-output', '--log-flush-frequency', '--stderrthreshold',
  // common to subcommands
  '-f', '--filename', '-k', '--kustomize', '-l', '--selector', '-o', '--output', '-p', '--patch', '--patch-file',
  '--type', '--replicas', '--current-replicas', '--resource-version', '-c', '--container', '--image', '--port',
  '--target-port', '--name', '--field-selector', '--timeout', '--for', '--field-manager', '--template',
  '--prune-allowlist', '--sort-by', '--since', '--since-time', '--tail', '-e', '--env', '--from', '--from-literal',
  '--from-file', '--from-env-file', '--restart', '--overrides', '--max', '--min', '--cpu-percent', '--schedule',
  '--grace-period', '--subresource', '--revision', '--to-revision', '--serviceaccount', '--pod-running-timeout',
  '--limits', '--requests', '-L', '--label-columns', '--address', '--chunk-size', '--raw', '--protocol',
  '--external-ip', '--load-balancer-ip', '--session-affinity', '--cluster-ip', '--generator', '--copy-to',
  '--target', '--profile', '--docker-server', '--docker-username', '--docker-password', '--docker-email',
  '--cert', '--key', '--clusterrole', '--role', '--verb', '--resource', '--rule', '--class', '--default-backend',
]);

const HELM_VALUE_FLAGS = new Set([
  // global
  '-n', '--namespace', '--kube-context', '--kubeconfig', '--kube-apiserver', '--kube-token', '--kube-as-user',
  '--kube-as-group', '--kube-ca-file', '--kube-tls-server-name', '--registry-config', '--repository-cache',
  '--repository-config', '--burst-limit', '--qps', '--content-cache',
  // subcommands
  '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal', '--version', '--timeout',
  '--repo', '--username', '--password', '-o', '--output', '--output-dir', '--post-renderer', '--post-renderer-args',
  '--description', '--ca-file', '--cert-file', '--key-file', '--keyring', '--history-max', '--name-template',
  '--max', '--revision', '--kube-version', '--api-versions', '-a', '-s', '--show-only', '--labels', '-l',
  '-d', '--destination', '--app-version', '--max-col-width', '--filter',
]);

const KUBECTL_NAMES = new Set(['kubectl', 'oc']);
const HELM_NAMES = new Set(['helm', 'helm3']);

export interface CliCall {
  command: ShellCommand;
  /** Positional words after the tool name; the first is the subcommand. */
  positionals: ShellWord[];
  /** Options in order, by the name written (`-n` and `--namespace` stay apart; use `flag()`). */
  options: CliOption[];
  /** The last occurrence of each option. */
  flags: Map<string, CliOption>;
  /** Words after a bare `--` (the command of `kubectl exec ... -- cmd`). */
  rest: ShellWord[];
}

export interface CliOption {
  name: string;
  value: string | true;
  /** The value's word (the option's own word for a boolean option). */
  word: ShellWord;
}

export function kubectlCall(command: ShellCommand): CliCall | undefined {
  return KUBECTL_NAMES.has(command.name) ? readCall(command, KUBECTL_VALUE_FLAGS) : undefined;
}

export function helmCall(command: ShellCommand): CliCall | undefined {
  return HELM_NAMES.has(command.name) ? readCall(command, HELM_VALUE_FLAGS) : undefined;
}

/** Positional word `index` (0 = subcommand) as an unquoted value. */
export function positional(call: CliCall, index: number): string | undefined {
  return call.positionals[index]?.value;
}

/** The value of the first option present among `names`: `true` for a boolean option. */
export function flag(call: CliCall, ...names: string[]): string | true | undefined {
  for (const name of names) {
    const found = call.flags.get(name);
    if (found) return found.value;
  }
  return undefined;
}

/** Every value of a repeatable option (`-f a -f b`, `--set x=1 --set y=2`). */
export function flagValues(call: CliCall, ...names: string[]): ShellWord[] {
  return call.options.filter((o) => names.includes(o.name) && o.value !== true).map((o) => o.word);
}

/** `--dry-run`, `--dry-run=client` or `--dry-run=server`: nothing changes in the cluster. */
export function isDryRun(call: CliCall): boolean {
  const value = flag(call, '--dry-run');
  return value !== undefined && value !== 'none' && value !== 'false';
}

/** Namespace given with `-n`/`--namespace` (kubectl and helm). */
export function namespaceOf(call: CliCall): ShellWord | undefined {
  return call.flags.get('-n')?.word ?? call.flags.get('--namespace')?.word;
}

function readCall(command: ShellCommand, valueFlags: ReadonlySet<string>): CliCall {
  const call: CliCall = { command, positionals: [], options: [], flags: new Map(), rest: [] };
  const add = (option: CliOption): void => {
    call.options.push(option);
    call.flags.set(option.name, option);
  };
  const words = command.words;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const value = word.value;
    if (value === '--') {
      call.rest = words.slice(i + 1);
      break;
    }
    if (value.startsWith('-') && value.length > 1 && !word.dynamic) {
      const eq = value.indexOf('=');
      if (eq > 0) {
        const inner = { ...word, value: value.slice(eq + 1), raw: word.raw.slice(word.raw.indexOf('=') + 1) };
        add({ name: value.slice(0, eq), value: inner.value, word: inner });
      } else if (valueFlags.has(value) && i + 1 < words.length) {
        add({ name: value, value: words[i + 1]!.value, word: words[i + 1]! });
        i++;
      } else {
        add({ name: value, value: true, word });
      }
      continue;
    }
    call.positionals.push(word);
  }
  return call;
}
