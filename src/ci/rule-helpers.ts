/** Small shared pieces of the pipeline rules: message prefixes and test-cluster detection. */
import { isEphemeralCluster } from '../shell/deploy.js';
import { isEphemeralClusterAction } from './actions.js';
import type { CiStep } from './model.js';
import type { ShellUnit } from './units.js';

/** `Job deploy: ` for a CI job, nothing for a script file. */
export function where(unit: ShellUnit): string {
  return unit.job ? `Job ${unit.job.id}: ` : '';
}

/** Steps of the unit's job, or none for a script file. */
export function stepsOf(unit: ShellUnit): readonly CiStep[] {
  return unit.job?.steps ?? [];
}

/**
 * The unit stands up a throwaway cluster (kind, k3d, minikube, chart-testing): what it deploys
 * is a test of the change, not a deployment.
 */
export function testsOnThrowawayCluster(unit: ShellUnit): boolean {
  return unit.script.commands.some(isEphemeralCluster) || stepsOf(unit).some((s) => isEphemeralClusterAction(s.uses));
}

/** Fingerprint key: the job, so findings survive edits in other jobs. */
export function keyOf(unit: ShellUnit): string | undefined {
  return unit.job ? `job/${unit.job.id}` : undefined;
}

/** A command line shortened for a message. */
export function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `Job deploy` or `This script`, to start a sentence. */
export function subject(unit: ShellUnit): string {
  return unit.job ? `Job ${unit.job.id}` : 'This script';
}

/**
 * GitLab templates put the same lines into several jobs: report each anchor line once.
 * Returns a predicate that is true the first time it sees a line.
 */
export function firstTime(): (line: number) => boolean {
  const seen = new Set<number>();
  return (line) => (seen.has(line) ? false : (seen.add(line), true));
}
