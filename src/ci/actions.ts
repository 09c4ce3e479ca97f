/**
 * GitHub Actions that deploy to Kubernetes, and actions whose input is a kubectl or helm command
 * line (read as shell so that command rules apply to them too).
 */
import type { CiUses, CiValue } from './model.js';

export type DeployActionKind = 'manifests' | 'helm' | 'bake';

interface ActionInfo {
  kind: DeployActionKind;
  namespace?: string[];
  release?: string[];
  chart?: string[];
}

const DEPLOY_ACTIONS: Record<string, ActionInfo> = {
  'azure/k8s-deploy': { kind: 'manifests', namespace: ['namespace'] },
  'azure/k8s-bake': { kind: 'bake', chart: ['helmChart'] },
  'deliverybot/helm': { kind: 'helm', namespace: ['namespace'], release: ['release'], chart: ['chart'] },
  'vimeda/helm': { kind: 'helm', namespace: ['namespace'], release: ['release'], chart: ['chart'] },
  'glopezep/helm': { kind: 'helm', namespace: ['namespace'], release: ['release'], chart: ['chart'] },
  'bitovi/github-actions-deploy-eks-helm': { kind: 'helm', namespace: ['namespace'], release: ['name'], chart: ['chart-path'] },
  'bitovi/github-actions-deploy-gke-helm': { kind: 'helm', namespace: ['namespace'], release: ['name'], chart: ['chart-path'] },
};

/** Actions that run a command line given in an input; `prefix` is prepended when the input holds only arguments. */
export const COMMAND_INPUT_ACTIONS: Record<string, { input: string; prefix: string }> = {
  'actions-hub/kubectl': { input: 'args', prefix: 'kubectl ' },
  'steebchen/kubectl': { input: 'command', prefix: 'kubectl ' },
  'koslib/helm-eks-action': { input: 'command', prefix: '' },
  'wyrihaximus/github-action-helm3': { input: 'exec', prefix: '' },
  'ianbelcher/eks-kubectl-action': { input: 'args', prefix: 'kubectl ' },
  'kodermax/kubectl-aws-eks': { input: 'args', prefix: 'kubectl ' },
};

/** Actions that start a throwaway cluster for tests. */
const EPHEMERAL_CLUSTER_ACTIONS = [
  'helm/kind-action', 'engineerd/setup-kind', 'container-tools/kind-action', 'medyagh/setup-minikube',
  'manusa/actions-setup-minikube', 'absaoss/k3d-action', 'nolar/setup-k3d-k3s', 'debianmaintainers/setup-k3s',
  'helm/chart-testing-action',
];

/** Actions that provision infrastructure. */
const INFRA_ACTIONS: Record<string, (uses: CiUses) => boolean> = {
  'pulumi/actions': (u) => ['up', 'update'].includes(u.with.get('command')?.value ?? ''),
  'dflook/terraform-apply': () => true,
  'dflook/tofu-apply': () => true,
};

export interface DeployActionUse {
  uses: CiUses;
  kind: DeployActionKind;
  namespace?: CiValue;
  release?: CiValue;
  chart?: CiValue;
}

function first(uses: CiUses, keys: string[] | undefined): CiValue | undefined {
  for (const key of keys ?? []) {
    const value = uses.with.get(key);
    if (value) return value;
  }
  return undefined;
}

export function deployAction(uses: CiUses | undefined): DeployActionUse | undefined {
  const info = uses ? DEPLOY_ACTIONS[uses.action] : undefined;
  if (!uses || !info) return undefined;
  return { uses, kind: info.kind, namespace: first(uses, info.namespace), release: first(uses, info.release), chart: first(uses, info.chart) };
}

export function isEphemeralClusterAction(uses: CiUses | undefined): boolean {
  return uses !== undefined && EPHEMERAL_CLUSTER_ACTIONS.includes(uses.action);
}

export function infraAction(uses: CiUses | undefined): boolean {
  const test = uses ? INFRA_ACTIONS[uses.action] : undefined;
  return test !== undefined && test(uses!);
}
