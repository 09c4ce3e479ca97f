/** A CI pipeline file as jobs and steps, whatever the CI system. Lines are 1-based file lines. */
import type { CiScript } from './scalar.js';

export type CiProvider = 'github' | 'gitlab';

export interface CiValue {
  value: string;
  line: number;
}

/** A `uses:` step of GitHub Actions. */
export interface CiUses {
  /** `owner/repo` or `owner/repo/path`, lower-cased, without `@ref`. */
  action: string;
  ref?: string;
  with: ReadonlyMap<string, CiValue>;
  line: number;
}

export interface CiStep {
  name?: string;
  line: number;
  span: [number, number];
  /** GitHub step `if:`. */
  condition?: string;
  /** Shell run by the step: a GitHub `run:`, or one entry of a GitLab `script:`. */
  run?: CiScript;
  /** GitLab: which list the entry came from. */
  section?: 'before_script' | 'script' | 'after_script';
  uses?: CiUses;
  env: Readonly<Record<string, string>>;
}

export interface CiEnvironment {
  name?: string;
  /** GitLab `environment.action` (`stop` for a teardown job). */
  action?: string;
  /** GitLab `environment.on_stop`: the job that removes the environment. */
  onStop?: string;
  line: number;
}

/** A GitLab rule: when its `if` holds, the job runs unless `when` is `never`. */
export interface CiRule {
  if?: string;
  when?: string;
}

export interface CiJob {
  id: string;
  name?: string;
  line: number;
  span: [number, number];
  /** GitHub job `if:`. */
  condition?: string;
  /** GitLab `rules:`, `only:` and `except:` (refs and variables as text). */
  rules?: CiRule[];
  only?: string[];
  except?: string[];
  environment?: CiEnvironment;
  env: Readonly<Record<string, string>>;
  steps: CiStep[];
}

/** A GitHub `on:` event with its activity types (undefined: the event's default types). */
export interface CiEvent {
  name: string;
  types?: string[];
  line: number;
}

export interface CiPipeline {
  provider: CiProvider;
  /** GitHub events of `on:`. GitLab pipelines have none: their jobs carry rules. */
  events: ReadonlyMap<string, CiEvent>;
  /** GitLab `workflow:rules`. */
  workflowRules?: CiRule[];
  env: Readonly<Record<string, string>>;
  jobs: CiJob[];
}

/** Label for messages: `job deploy`. */
export function jobLabel(job: CiJob): string {
  return `job ${job.id}`;
}
