/**
 * When a job runs: for an open pull request (GitHub `pull_request` events, GitLab merge request
 * pipelines), or when a pull request closes. Conditions are read as text; a condition we cannot
 * read leaves the job's triggers as they are.
 */
import type { CiJob, CiPipeline, CiRule, CiStep } from './model.js';

const PR_EVENTS = ['pull_request', 'pull_request_target'];
/** GitHub's default activity types of `pull_request`. */
const DEFAULT_TYPES = ['opened', 'synchronize', 'reopened'];

/** `if:` conditions that keep a job or step away from open pull requests. */
const NOT_FOR_OPEN_PR = [
  /github\.event_name\s*==\s*['"](push|workflow_dispatch|release|schedule|repository_dispatch|workflow_run|merge_group)['"]/,
  /github\.event_name\s*!=\s*['"]pull_request(_target)?['"]/,
  /github\.ref\s*==\s*['"]refs\/(heads|tags)\//,
  /startsWith\(\s*github\.ref\s*,\s*['"]refs\/(heads|tags)\//,
  /github\.event\.pull_request\.merged\s*==\s*true/,
  /github\.event\.pull_request\.merged\s*(&&|\)|$)/,
  /github\.event\.action\s*==\s*['"]closed['"]/,
];
const FOR_PR = /github\.event_name\s*==\s*['"]pull_request(_target)?['"]/;

function openPrCondition(condition: string | undefined): boolean {
  if (!condition) return true;
  if (FOR_PR.test(condition) && !/github\.event\.action\s*==\s*['"]closed['"]/.test(condition)) return true;
  return !NOT_FOR_OPEN_PR.some((re) => re.test(condition));
}

/** The job (or the step of it) runs while a pull request is open. */
export function runsForOpenPullRequest(pipeline: CiPipeline, job: CiJob, step?: CiStep): boolean {
  if (pipeline.provider === 'gitlab') return gitlabRunsForMergeRequest(pipeline, job);
  const open = PR_EVENTS.some((name) => {
    const event = pipeline.events.get(name);
    return event !== undefined && (event.types ?? DEFAULT_TYPES).some((t) => t !== 'closed');
  });
  return open && openPrCondition(job.condition) && openPrCondition(step?.condition);
}

/** The job runs when a pull request closes (GitHub `pull_request` with type `closed`). */
export function runsOnPullRequestClose(pipeline: CiPipeline, job: CiJob): boolean {
  if (pipeline.provider !== 'github') return false;
  const closes = PR_EVENTS.some((name) => pipeline.events.get(name)?.types?.includes('closed'));
  if (!closes) return false;
  const condition = job.condition ?? '';
  return !/github\.event\.action\s*!=\s*['"]closed['"]/.test(condition) && !/github\.event_name\s*==\s*['"](push|workflow_dispatch|schedule)['"]/.test(condition);
}

/** A scheduled job (a periodic clean-up). */
export function runsOnSchedule(pipeline: CiPipeline): boolean {
  return pipeline.events.has('schedule');
}

const MR_RULE = /\$\{?CI_PIPELINE_SOURCE\}?\s*==\s*["']merge_request_event["']|\$\{?CI_MERGE_REQUEST_I?ID\}?(?!\s*==\s*null)/;

function mentionsMergeRequest(rules: readonly CiRule[] | undefined): boolean {
  return (rules ?? []).some((r) => r.when !== 'never' && r.if !== undefined && MR_RULE.test(r.if));
}

function gitlabRunsForMergeRequest(pipeline: CiPipeline, job: CiJob): boolean {
  if (job.rules) return mentionsMergeRequest(job.rules);
  if (job.only) return job.only.some((o) => o === 'merge_requests' || MR_RULE.test(o));
  return mentionsMergeRequest(pipeline.workflowRules);
}

const DEFAULT_BRANCH_RULE = /\$\{?CI_COMMIT_(BRANCH|REF_NAME)\}?\s*==\s*(\$\{?CI_DEFAULT_BRANCH\}?|["'](main|master)["'])|\$\{?CI_COMMIT_TAG\b/;

/** A GitLab job limited to the default branch or tags (one long-lived environment, not one per branch). */
export function gitlabDefaultBranchOnly(job: CiJob): boolean {
  if (job.only) return job.only.every((o) => ['main', 'master', 'tags'].includes(o) || /^\/\^?v/.test(o));
  const active = (job.rules ?? []).filter((r) => r.when !== 'never' && r.if !== undefined);
  return active.length > 0 && active.every((r) => DEFAULT_BRANCH_RULE.test(r.if!));
}
