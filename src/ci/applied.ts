/**
 * Whether a `kubectl apply` rolls out workloads. The applied files are looked up in the change
 * first; otherwise their names decide (`k8s/deployment.yaml` yes, `namespace.yaml` no), and an
 * unknown name counts as no workload, so that the rules stay quiet when they cannot tell.
 */
import { posix } from 'node:path';
import type { ParsedFile } from '../engine/parsed-file.js';
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

/** What the look-up needs of a file of the change or its context: its path, and whether it holds workloads. */
export interface FileObjects {
  path: string;
  workloads: boolean;
}

/** A file's objects, for the look-up; undefined when it holds none (such a file decides nothing). */
export function fileObjectsOf(file: ParsedFile): FileObjects | undefined {
  if (file.objects.length === 0) return undefined;
  return { path: file.path, workloads: file.objects.some((o) => isWorkloadKind(o.kind)) };
}

/**
 * Files holding objects, by their path and every folder above them (built once per run, not a scan
 * per target): present when such a file sits there, true when one of them holds a workload.
 */
export type ObjectsByPrefix = ReadonlyMap<string, boolean>;

export function objectsByPrefix(files: Iterable<FileObjects>): ObjectsByPrefix {
  const out = new Map<string, boolean>();
  const add = (prefix: string, workloads: boolean): void => {
    out.set(prefix, (out.get(prefix) ?? false) || workloads);
  };
  for (const f of files) {
    add(f.path, f.workloads);
    for (let at = f.path.indexOf('/'); at >= 0; at = f.path.indexOf('/', at + 1)) add(f.path.slice(0, at), f.workloads);
  }
  return out;
}

/**
 * A target of `kubectl apply` to look up in the files: where it may be (relative to the repository
 * root or to the script's folder), and what its name says when no file there holds objects.
 */
export interface AppliedPath {
  paths: string[];
  byName: boolean;
}

/** Whether a deploy applies workloads: decided without the files, or the targets to look up (any of them). */
export type AppliedWorkloads = boolean | AppliedPath[];

/** `kustomize build`, `kubectl kustomize` or `helm template`. */
function renders(command: ShellCommand): boolean {
  const kubectl = kubectlCall(command);
  const helm = helmCall(command);
  return command.name === 'kustomize' || (kubectl !== undefined && positional(kubectl, 0) === 'kustomize') || (helm !== undefined && positional(helm, 0) === 'template');
}

/** What appliesWorkloads needs of a deploy, as plain data: the rest is the look-up in the files. */
export function appliedWorkloads(deploy: Deploy, scriptPath: string): AppliedWorkloads {
  const call = deploy.call;
  if (!call || !kubectlCall(deploy.command)) return false;
  const lookups: AppliedPath[] = [];
  for (const target of applyTargets(call)) {
    if (target.dynamic || /^https?:\/\//.test(target.value)) continue;
    if (target.value === '-' || target.value === '/dev/stdin') {
      // Rendered by kustomize or helm: an application; anything else (a generated Secret) is unknown.
      if (upstream(deploy.command).some(renders)) return true;
      continue;
    }
    const paths = [normalise(target.value), normalise(posix.join(posix.dirname(scriptPath), target.value))];
    lookups.push({ paths, byName: byName(target.value) });
  }
  return lookups.length > 0 ? lookups : false;
}

/**
 * Whether a `kubectl apply` rolls out workloads: the applied files are looked up in the change and
 * its context; when none there holds objects, the target's name decides.
 */
export function appliesWorkloads(applied: AppliedWorkloads, files: ObjectsByPrefix): boolean {
  if (typeof applied === 'boolean') return applied;
  return applied.some(({ paths, byName: named }) => {
    if (paths.some((p) => files.has(p))) return paths.some((p) => files.get(p) === true);
    return named;
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
