import { defineRule } from '../src/engine/rule.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import type { FileContext } from '../src/engine/context.js';
import { shellOf, type FileShell, type ShellUnit } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { deployAction } from '../src/ci/actions.js';
import { prNames } from '../src/ci/targets.js';
import { gitlabDefaultBranchOnly, runsForOpenPullRequest, runsOnPullRequestClose, runsOnSchedule } from '../src/ci/triggers.js';
import { deployOf, isTeardown } from '../src/shell/deploy.js';
import { kubectlCall, positional } from '../src/shell/kube.js';

const BRANCH_NAMED = /\$\{?CI_(MERGE_REQUEST_\w+|COMMIT_REF_SLUG|COMMIT_REF_NAME|COMMIT_BRANCH|BUILD_REF_SLUG)\b/;
const TEARDOWN_ACTION = /(delete|destroy|teardown|tear-down|cleanup|clean-up|remove|uninstall)/i;

/** The first place the job creates something named after the pull request. */
function creation(shell: FileShell, unit: ShellUnit): { line: number; what: string } | undefined {
  const pipeline = shell.pipeline!;
  const job = unit.job!;
  const forPr = runsForOpenPullRequest(pipeline, job);
  // GitLab review apps: an environment named after the branch or merge request.
  const gitlabReview = pipeline.provider === 'gitlab' && BRANCH_NAMED.test(job.environment?.name ?? '')
    && !['stop', 'prepare', 'verify', 'access'].includes(job.environment?.action ?? '') && !gitlabDefaultBranchOnly(job);
  if (!forPr && !gitlabReview) return undefined;
  const names = prNames(pipeline, job, unit.script, true);
  for (const command of unit.script.commands) {
    const kubectl = kubectlCall(command);
    if (kubectl && positional(kubectl, 0) === 'create' && ['namespace', 'ns'].includes(positional(kubectl, 1) ?? '')) {
      const name = kubectl.positionals[2];
      if (name && names.isPerPr(name.raw)) return { line: command.line, what: `namespace ${name.raw}` };
    }
    const deploy = deployOf(command);
    if (!deploy) continue;
    const named = [deploy.namespace, deploy.release].find((w) => w !== undefined && names.isPerPr(w.raw));
    if (named) return { line: command.line, what: `\`${deploy.label}\` into ${named === deploy.namespace ? 'namespace' : 'release'} ${named.raw}` };
    const env = job.environment?.name;
    if (env && (gitlabReview || names.isPerPr(env))) return { line: command.line, what: `\`${deploy.label}\` for environment ${env}` };
  }
  for (const step of job.steps) {
    const action = deployAction(step.uses);
    const named = action && [action.namespace, action.release].find((v) => v !== undefined && names.isPerPr(v.value));
    if (action && named) return { line: action.uses.line, what: `${action.uses.action} into ${named.value}` };
  }
  return undefined;
}

function removes(unit: ShellUnit): boolean {
  return unit.script.commands.some(isTeardown) || (unit.job?.steps ?? []).some((s) => s.uses !== undefined && TEARDOWN_ACTION.test(s.uses.action));
}

/** A job of this pipeline, or of another GitHub workflow in the change, removes environments when a pull request closes. */
function closing(s: FileShell): boolean {
  return s.pipeline !== undefined && s.units.some((u) => u.job !== undefined
    && (runsOnPullRequestClose(s.pipeline!, u.job) || runsOnSchedule(s.pipeline!)) && removes(u));
}

/** The CI files of the run with a teardown job, found once per run (not once per CI file). */
async function closingCiFiles(files: readonly ParsedFile[]): Promise<Set<ParsedFile>> {
  const out = new Set<ParsedFile>();
  for (const file of files) if (file.kind === 'ci' && closing(await shellOf(file))) out.add(file);
  return out;
}

async function hasTeardown(ctx: FileContext, shell: FileShell, unit: ShellUnit): Promise<boolean> {
  const pipeline = shell.pipeline!;
  if (pipeline.provider === 'gitlab') {
    return unit.job!.environment?.onStop !== undefined || pipeline.jobs.some((j) => j.environment?.action === 'stop');
  }
  if (closing(shell)) return true;
  for (const file of await ctx.index('preview-env-without-teardown:closing-ci-files', closingCiFiles)) if (file !== ctx.file) return true;
  return false;
}

export default defineRule({
  id: 'preview-env-without-teardown',
  antipattern: 8,
  severity: 'warning',
  kinds: ['ci'],
  docs: {
    title: 'Remove per-pull-request environments when the pull request closes',
    summary: 'A pipeline creates an environment per pull request (a namespace or release named after it), and no job removes it when the pull request closes.',
    why: [
      'Preview environments are only cheap when they are short-lived. Without a teardown, every pull request leaves a namespace, its pods,',
      'volumes and load balancers behind; the cluster fills up, costs grow, and old previews keep running code nobody maintains.',
      'A teardown counts when a job of the same pipeline (or of another workflow in the change) runs on `pull_request` type `closed`',
      'or on a schedule and removes something (`helm uninstall`, `kubectl delete`...), or, on GitLab, when the environment has `on_stop`.',
    ].join(' '),
    fix: [
      'Add a job that runs when the pull request closes (`on: pull_request: types: [closed]`) and deletes what the preview created,',
      'for example `helm uninstall web-pr-<number>` and `kubectl delete namespace pr-<number>`. On GitLab, give the review environment',
      'an `on_stop` job with `environment: action: stop`.',
    ].join(' '),
    examples: [
      {
        path: '.github/workflows/preview.yml',
        bad: 'on: pull_request\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web-pr-${{ github.event.number }} charts/web -n pr-${{ github.event.number }} --create-namespace --atomic\n',
        good: 'on:\n  pull_request:\n    types: [opened, synchronize, reopened, closed]\njobs:\n  preview:\n    if: github.event.action != \'closed\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web-pr-${{ github.event.number }} charts/web -n pr-${{ github.event.number }} --create-namespace --atomic\n  teardown:\n    if: github.event.action == \'closed\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl delete namespace pr-${{ github.event.number }}\n',
      },
    ],
  },
  async check(ctx) {
    const shell = await shellOf(ctx.file);
    if (!shell.pipeline) return;
    const fresh = firstTime();
    for (const unit of shell.units) {
      if (!unit.job || testsOnThrowawayCluster(unit)) continue;
      const created = creation(shell, unit);
      if (!created || !fresh(created.line) || await hasTeardown(ctx, shell, unit)) continue;
      const how = shell.pipeline.provider === 'gitlab' ? 'Give the environment an on_stop job that removes it.' : 'Add a job on pull_request type closed that removes it.';
      ctx.report(created.line, `${subject(unit)} creates a per-pull-request environment (${created.what}), and nothing removes it when the pull request closes. ${how}`, { key: keyOf(unit) });
    }
  },
});
