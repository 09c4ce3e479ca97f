/**
 * Which cluster each deploy of a CI pipeline goes to, and for which environment. The cluster is
 * the kube context or cluster a job switched to (`kubectl config use-context`, `--context`,
 * `aws eks update-kubeconfig`, `az aks get-credentials`, `gcloud ... get-credentials`, the
 * GitLab agent's `KUBE_CONTEXT`, context-setting actions); the environment is read from the
 * namespace, release name, values files and manifest paths, and the job's CI environment.
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import { environmentOfName, environmentOfNamespace, environmentOfPath, type EnvironmentMatch } from '../k8s/environment.js';
import { applyTargets, deployOf } from '../shell/deploy.js';
import { flagValues } from '../shell/kube.js';
import type { ShellCommand, ShellWord } from '../shell/script.js';
import type { CiJob, CiPipeline, CiStep } from './model.js';
import { testsOnThrowawayCluster } from './rule-helpers.js';
import { clusterSwitch } from './targets.js';
import { shellOf, type ShellUnit } from './units.js';

export interface ClusterDeploy {
  job: CiJob;
  /** Identity of the receiving cluster, comparable across files. */
  cluster: string;
  /** The cluster or context name as written (resolved). */
  clusterName: string;
  /** `kube context "shop"`, `cluster "shop-eks"`. */
  clusterLabel: string;
  env: EnvironmentMatch;
  /** What told the environment: `namespace shop-staging`, `environment production`. */
  evidence: string;
  line: number;
}

/** Actions that point later steps at a cluster, by the input naming it. */
const CONTEXT_ACTIONS: Record<string, { input: string; what: string }> = {
  'azure/aks-set-context': { input: 'cluster-name', what: 'cluster' },
  'google-github-actions/get-gke-credentials': { input: 'cluster_name', what: 'cluster' },
  'azure/k8s-set-context': { input: 'context', what: 'kube context' },
};

interface Cluster {
  key: string;
  name: string;
  label: string;
}

type Lookup = (name: string) => string | undefined;

/**
 * `$VAR`, `${VAR}` and `${{ env.VAR }}` replaced by literal values the file sets; undefined when
 * any part stays unknown (a secret, a matrix value, a command substitution).
 */
function resolve(raw: string | undefined, lookup: Lookup): string | undefined {
  if (raw === undefined) return undefined;
  let unknown = false;
  const out = raw.replace(/\$\{\{\s*env\.(\w+)\s*\}\}|\$\{(\w+)\}|\$(\w+)/g, (_m, a?: string, b?: string, c?: string) => {
    const value = lookup((a ?? b ?? c)!);
    if (value === undefined || /[$`]/.test(value)) unknown = true;
    return value ?? '';
  });
  return unknown || /[$`\u00a7]/.test(out) ? undefined : out;
}

function clusterOf(value: string | undefined, what: string): Cluster | undefined {
  return value ? { key: value.toLowerCase(), name: value, label: `${what} "${value}"` } : undefined;
}

/** Environments that several names agree on; undefined when none speaks or they disagree on the tier. */
function agreed(found: Array<[string, EnvironmentMatch | undefined]>): [string, EnvironmentMatch] | undefined {
  const known = found.filter((f): f is [string, EnvironmentMatch] => f[1] !== undefined);
  return known.length > 0 && known.every((f) => f[1].tier === known[0]![1].tier) ? known[0] : undefined;
}

function deployEnvironment(command: ShellCommand, job: CiJob, lookup: Lookup): [string, EnvironmentMatch] | undefined {
  const deploy = deployOf(command);
  if (!deploy?.call) return undefined;
  const value = (word: ShellWord | undefined): string | undefined => (word ? resolve(word.raw, lookup) : undefined);
  const namespace = value(deploy.namespace);
  const release = value(deploy.release);
  const files = [...applyTargets(deploy.call), ...(deploy.release ? flagValues(deploy.call, '-f', '--values') : [])].map(value).filter((f): f is string => f !== undefined);
  const environment = resolve(job.environment?.name, lookup);
  return agreed([
    [`namespace ${namespace}`, namespace ? environmentOfNamespace(namespace) : undefined],
    [`release ${release}`, release ? environmentOfName(release) : undefined],
    ...files.map((f): [string, EnvironmentMatch | undefined] => [`${f}`, environmentOfPath(f.replace(/^\.\//, ''))]),
    [`environment ${environment}`, environment ? environmentOfName(environment) : undefined],
  ]);
}

function unitDeploys(pipeline: CiPipeline, unit: ShellUnit): ClusterDeploy[] {
  const job = unit.job!;
  const assigned = new Map<string, string>();
  const lookup = (step: CiStep | undefined): Lookup => (name) => assigned.get(name) ?? step?.env[name] ?? job.env[name] ?? pipeline.env[name];
  // The GitLab agent selects the context named by KUBE_CONTEXT before the script starts.
  const agent = pipeline.provider === 'gitlab' ? job.env.KUBE_CONTEXT ?? pipeline.env.KUBE_CONTEXT : undefined;
  let current = clusterOf(resolve(agent, lookup(undefined)), 'kube context');
  const events: Array<{ line: number; step?: CiStep; command?: ShellCommand }> = [
    ...job.steps.filter((s) => s.uses && CONTEXT_ACTIONS[s.uses.action]).map((step) => ({ line: step.line, step })),
    ...unit.script.commands.map((command) => ({ line: command.line, command })),
  ].sort((a, b) => a.line - b.line);
  const out: ClusterDeploy[] = [];
  for (const event of events) {
    if (!event.command) {
      const info = CONTEXT_ACTIONS[event.step!.uses!.action]!;
      current = clusterOf(resolve(event.step!.uses!.with.get(info.input)?.value, lookup(event.step)), info.what);
      continue;
    }
    const command = event.command;
    const step = unit.stepOf(command);
    // A later assignment from a run-time value makes the variable unknown again.
    for (const a of unit.script.assignments) if (a.line <= command.line) assigned.set(a.name, /[$`]/.test(a.raw) ? '$' : a.value);
    const switched = clusterSwitch(command);
    if (switched) current = clusterOf(resolve(command.words.find((w) => w.value === switched.value)?.raw ?? switched.value, lookup(step)), command.name === 'kubectl' || command.name === 'oc' ? 'kube context' : 'cluster');
    const deploy = deployOf(command);
    const context = deploy?.context ? clusterOf(resolve(deploy.context.raw, lookup(step)), 'kube context') : current;
    const found = deploy ? deployEnvironment(command, job, lookup(step)) : undefined;
    if (context && found) out.push({ job, cluster: context.key, clusterName: context.name, clusterLabel: context.label, evidence: found[0], env: found[1], line: command.line });
  }
  return out;
}

/** Deploys of a CI file whose cluster and environment are both known; none from jobs on throwaway test clusters. */
export async function clusterDeploys(file: ParsedFile): Promise<ClusterDeploy[]> {
  const shell = await shellOf(file);
  if (!shell.pipeline) return [];
  return shell.units.filter((u) => u.job && !testsOnThrowawayCluster(u)).flatMap((u) => unitDeploys(shell.pipeline!, u));
}

/** What a cluster itself is for, by its name (`shop-prod`, `arn:...:cluster/staging-eu`). */
export function environmentOfClusterName(name: string): EnvironmentMatch | undefined {
  const parts = name.split(/[/:]/).filter(Boolean).map((p) => environmentOfName(p));
  return agreed(parts.map((p): [string, EnvironmentMatch | undefined] => ['', p]))?.[1];
}
