/**
 * What a command does to a cluster: deploy an application, provision infrastructure, verify a
 * rollout, or stand up a throwaway test cluster. Rules share these readings so they agree.
 */
import { flag, flagValues, helmCall, isDryRun, kubectlCall, namespaceOf, positional, type CliCall } from './kube.js';
import type { ShellCommand, ShellWord } from './script.js';

export interface Deploy {
  command: ShellCommand;
  /** `kubectl apply`, `helm upgrade`, `argocd app sync`... */
  label: string;
  call?: CliCall;
  namespace?: ShellWord;
  /** Helm release name. */
  release?: ShellWord;
  /** Helm chart reference as written. */
  chart?: ShellWord;
  /** `--context` / `--kube-context`. */
  context?: ShellWord;
}

/** Words of a command that are not options (a rough view for tools whose flags we do not model). */
export function operands(command: ShellCommand): string[] {
  return command.argv.slice(1).filter((w) => !w.startsWith('-'));
}

function startsWith(words: readonly string[], ...sequence: string[]): boolean {
  return sequence.every((s, i) => words[i] === s);
}

function contains(words: readonly string[], ...sequence: string[]): boolean {
  for (let i = 0; i + sequence.length <= words.length; i++) if (startsWith(words.slice(i), ...sequence)) return true;
  return false;
}

/** An application deploy: kubectl apply/create -f, helm upgrade/install, helmfile, argocd sync... */
export function deployOf(command: ShellCommand): Deploy | undefined {
  const kubectl = kubectlCall(command);
  if (kubectl) {
    const sub = positional(kubectl, 0);
    const fromFiles = flag(kubectl, '-f', '--filename', '-k', '--kustomize') !== undefined;
    const applies = sub === 'apply' || ((sub === 'create' || sub === 'replace') && fromFiles);
    if (!applies || isDryRun(kubectl) || positional(kubectl, 1) === 'view-last-applied' || positional(kubectl, 1) === 'edit-last-applied') return undefined;
    return { command, label: `kubectl ${sub}`, call: kubectl, namespace: namespaceOf(kubectl), context: kubectl.flags.get('--context')?.word };
  }
  const helm = helmCall(command);
  if (helm) {
    const sub = positional(helm, 0);
    if ((sub !== 'upgrade' && sub !== 'install') || isDryRun(helm)) return undefined;
    const { release, chart } = releaseAndChart(helm);
    return { command, label: `helm ${sub}`, call: helm, namespace: namespaceOf(helm), release, chart, context: helm.flags.get('--kube-context')?.word };
  }
  const words = operands(command);
  if (command.name === 'helmfile' && ['apply', 'sync', 'deploy'].some((s) => words.includes(s))) return { command, label: `helmfile ${words.find((w) => ['apply', 'sync', 'deploy'].includes(w))}` };
  if (command.name === 'argocd' && contains(words, 'app', 'sync')) return { command, label: 'argocd app sync' };
  if (command.name === 'kapp' && words[0] === 'deploy') return { command, label: 'kapp deploy' };
  if (command.name === 'skaffold' && (words[0] === 'run' || words[0] === 'deploy')) return { command, label: `skaffold ${words[0]}` };
  return undefined;
}

/** Release and chart of `helm upgrade REL CHART` / `helm install [NAME] CHART`. */
export function releaseAndChart(helm: CliCall): { release?: ShellWord; chart?: ShellWord } {
  const sub = positional(helm, 0);
  const args = helm.positionals.slice(1);
  if (sub === 'install' && flag(helm, '--generate-name', '-g') !== undefined) return { chart: args[0] };
  if (sub === 'upgrade' || sub === 'install' || sub === 'template') {
    return args.length >= 2 ? { release: args[0], chart: args[1] } : { chart: sub === 'template' ? args[0] : undefined, release: sub === 'template' ? undefined : args[0] };
  }
  return {};
}

/** Helm waits for the rollout (and fails the step when it does not finish). */
export function helmWaits(helm: CliCall): boolean {
  const wait = flag(helm, '--wait', '--atomic', '--rollback-on-failure', '--wait-for-jobs');
  return wait !== undefined && wait !== 'false';
}

/** Infrastructure provisioning: `terraform apply`, `pulumi up`, `eksctl create cluster`... */
export function infraOf(command: ShellCommand): string | undefined {
  const words = operands(command);
  const name = command.name;
  if (['terraform', 'tofu', 'terragrunt'].includes(name)) {
    if (words[0] === 'apply' || words[0] === 'apply-all' || contains(words, 'run-all', 'apply') || contains(words, 'run', 'apply')) return `${name} apply`;
    return undefined;
  }
  if (['cdktf', 'cdk'].includes(name) && words[0] === 'deploy') return `${name} deploy`;
  if (name === 'pulumi' && (words[0] === 'up' || words[0] === 'update')) return 'pulumi up';
  if (name === 'eksctl' && ['create', 'upgrade', 'update'].includes(words[0] ?? '') && ['cluster', 'nodegroup'].includes(words[1] ?? '')) return `eksctl ${words[0]} ${words[1]}`;
  if (name === 'gcloud' && (contains(words, 'container', 'clusters', 'create') || contains(words, 'container', 'clusters', 'update'))) return 'gcloud container clusters';
  if (name === 'az' && (contains(words, 'aks', 'create') || contains(words, 'aks', 'update'))) return 'az aks';
  if (name === 'kops' && (contains(words, 'create', 'cluster') || contains(words, 'update', 'cluster'))) return 'kops cluster';
  if (name === 'doctl' && contains(words, 'kubernetes', 'cluster', 'create')) return 'doctl kubernetes cluster create';
  if (name === 'aws' && (contains(words, 'eks', 'create-cluster') || contains(words, 'cloudformation', 'deploy') || contains(words, 'cloudformation', 'create-stack') || contains(words, 'cloudformation', 'update-stack'))) return `aws ${words[0]} ${words[1]}`;
  return undefined;
}

/** A throwaway cluster for tests (kind, k3d, minikube, chart-testing): deploys to it are tests. */
export function isEphemeralCluster(command: ShellCommand): boolean {
  const words = operands(command);
  return (command.name === 'kind' && contains(words, 'create', 'cluster'))
    || (command.name === 'k3d' && contains(words, 'cluster', 'create'))
    || (command.name === 'minikube' && words[0] === 'start')
    || (command.name === 'ct' && words[0] === 'install');
}

const VERIFY_WORD = /(^|[-_./\s])(wait|verify|verification|smoke|rollout|health|healthcheck)([-_./\s]|$)/i;

/** A check that the rollout finished: `kubectl rollout status`, `kubectl wait`, a smoke or verify script. */
export function isVerification(command: ShellCommand): boolean {
  const kubectl = kubectlCall(command);
  if (kubectl) {
    const sub = positional(kubectl, 0);
    return sub === 'wait' || (sub === 'rollout' && positional(kubectl, 1) === 'status')
      || (sub === 'argo' && positional(kubectl, 2) === 'status');
  }
  const helm = helmCall(command);
  if (helm) return positional(helm, 0) === 'test';
  if (command.name === 'kubectl-argo-rollouts') return operands(command).includes('status');
  if (command.name === 'argocd') return contains(operands(command), 'app', 'wait');
  if (NOT_RUNNING.has(command.name)) return false;
  return command.argv.some((w) => VERIFY_WORD.test(w));
}

/** Commands whose words are text or paths, not a check that runs. */
const NOT_RUNNING = new Set(['echo', 'printf', 'cat', 'true', 'false', 'export', 'set', 'sleep', 'cd', 'mkdir', 'cp', 'mv', 'ls', 'touch', 'tee', 'read', 'test', '[', 'sed', 'grep', 'git']);

/** Files and directories that `kubectl apply -f` / `-k` reads. */
export function applyTargets(call: CliCall): ShellWord[] {
  return flagValues(call, '-f', '--filename', '-k', '--kustomize');
}

/** Removal of an environment: `helm uninstall`, `kubectl delete`, `terraform destroy`... */
export function isTeardown(command: ShellCommand): boolean {
  const kubectl = kubectlCall(command);
  if (kubectl) return positional(kubectl, 0) === 'delete';
  const helm = helmCall(command);
  if (helm) return ['uninstall', 'delete', 'del', 'un'].includes(positional(helm, 0) ?? '');
  const words = operands(command);
  if (['terraform', 'tofu', 'pulumi', 'helmfile'].includes(command.name)) return words.includes('destroy') || words.includes('delete');
  if (command.name === 'argocd') return contains(words, 'app', 'delete');
  if (NOT_RUNNING.has(command.name)) return false;
  return command.argv.some((w) => /(delete|destroy|teardown|tear-down|cleanup|clean-up|uninstall|remove)/i.test(w));
}
