/**
 * Whether a `kubectl apply` rolls out workloads. The applied files are looked up in the change
 * first; otherwise their names decide (`k8s/deployment.yaml` yes, `namespace.yaml` no), and an
 * unknown name counts as no workload, so that the rules stay quiet when they cannot tell.
 */
import { posix } from 'node:path';
import type { ParsedFile } from '../engine/parsed-file.js';
import { pushTo, sharedIndex } from '../engine/context.js';
import { isWorkloadKind } from '../k8s/workloads.js';
import { applyTargets, type Deploy } from '../shell/deploy.js';
import { helmCall, kubectlCall, positional } from '../shell/kube.js';
import { upstream, type ShellCommand } from '../shell/script.js';

const NOT_WORKLOAD = /(^|[-_./])(namespaces?|ns|configmaps?|cm|secrets?|sealed-?secrets?|crds?|rbac|roles?|rolebindings?|clusterroles?|serviceaccounts?|sa|services?|svc|ingress(es)?|pvcs?|pv|storageclass(es)?|networkpolic(y|ies)|netpol|issuers?|clusterissuers?|certificates?|certs?|quotas?|limitranges?|priorityclass(es)?|config|hpa|pdb|servicemonitors?)([-_./]|$)/i;
const WORKLOAD = /(^|[-_./])(deploy|deployments?|statefulsets?|daemonsets?|cronjobs?|jobs?|apps?|manifests?|k8s|kubernetes|kube|workloads?|release|all|overlays?|base)([-_./]|$)/i;

function normalise(path: string): string {
  return posix.normalize(path.replace(/^\.\//, '')).replace(/\/+$/, '');
}

function byName(path: string): boolean {
  const name = path.replace(/\.(ya?ml|json)$/i, '');
  if (NOT_WORKLOAD.test(name)) return false;
  return WORKLOAD.test(name) || !/\.(ya?ml|json)$/i.test(path);
}

/** Files of the change at `target` or under it, relative to the repository root or to the script's folder. */
function filesAt(target: string, files: readonly ParsedFile[], scriptPath: string): ParsedFile[] {
  const candidates = [normalise(target), normalise(posix.join(posix.dirname(scriptPath), target))];
  // Through an index of every folder above each file (once per run), not a scan per target.
  const byPrefix = sharedIndex(files, 'ci:files-by-path-prefix', (all) => {
    const out = new Map<string, ParsedFile[]>();
    for (const f of all) {
      pushTo(out, f.path, f);
      for (let at = f.path.indexOf('/'); at >= 0; at = f.path.indexOf('/', at + 1)) pushTo(out, f.path.slice(0, at), f);
    }
    return out;
  });
  const found = new Set<ParsedFile>();
  for (const c of candidates) for (const f of byPrefix.get(c) ?? []) found.add(f);
  return [...found];
}

/** `kustomize build`, `kubectl kustomize` or `helm template`. */
function renders(command: ShellCommand): boolean {
  const kubectl = kubectlCall(command);
  const helm = helmCall(command);
  return command.name === 'kustomize' || (kubectl !== undefined && positional(kubectl, 0) === 'kustomize') || (helm !== undefined && positional(helm, 0) === 'template');
}

export function appliesWorkloads(deploy: Deploy, files: readonly ParsedFile[], scriptPath: string): boolean {
  const call = deploy.call;
  if (!call || !kubectlCall(deploy.command)) return false;
  return applyTargets(call).some((target) => {
    if (target.dynamic || /^https?:\/\//.test(target.value)) return false;
    if (target.value === '-' || target.value === '/dev/stdin') {
      // Rendered by kustomize or helm: an application; anything else (a generated Secret) is unknown.
      return upstream(deploy.command).some(renders);
    }
    const known = filesAt(target.value, files, scriptPath);
    if (known.some((f) => f.objects.length > 0)) return known.some((f) => f.objects.some((o) => isWorkloadKind(o.kind)));
    return byName(target.value);
  });
}

/** Cluster add-ons: installing them is part of building the platform, not deploying an application. */
const PLATFORM = /(ingress-nginx|nginx-ingress|cert-manager|external-dns|argo-?cd|flux|metrics-server|cluster-autoscaler|aws-load-balancer-controller|karpenter|prometheus|calico|cilium|tigera|external-secrets|sealed-secrets|velero|istio|linkerd|traefik|kyverno|gatekeeper|csi|secrets-store|reloader|keda|crossplane|datadog|fluent-?bit|loki|promtail|grafana|opentelemetry-operator|kube-state-metrics|node-exporter)/i;

/** A deploy of an application (not of cluster add-ons, CRDs, namespaces or RBAC). */
export function isApplicationDeploy(deploy: Deploy): boolean {
  if (helmCall(deploy.command)) return ![deploy.release, deploy.chart].some((w) => w !== undefined && PLATFORM.test(w.raw));
  if (!deploy.call || !kubectlCall(deploy.command)) return true;
  return applyTargets(deploy.call).some((target) => {
    if (/^https?:\/\//.test(target.value) || PLATFORM.test(target.raw)) return false;
    if (target.value === '-' || target.value === '/dev/stdin') return upstream(deploy.command).some(renders);
    return !NOT_WORKLOAD.test(target.value.replace(/\.(ya?ml|json)$/i, ''));
  });
}
