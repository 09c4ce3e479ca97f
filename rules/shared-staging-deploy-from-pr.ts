import { defineRule } from '../src/engine/rule.js';
import { shellOf, type ShellUnit } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { deployAction } from '../src/ci/actions.js';
import { clusterSwitch, prNames, sharedEnvironment } from '../src/ci/targets.js';
import { runsForOpenPullRequest } from '../src/ci/triggers.js';
import type { CiPipeline } from '../src/ci/model.js';
import { deployOf } from '../src/shell/deploy.js';

interface Target {
  what: string;
  value: string | undefined;
  raw: string | undefined;
}

/** The first fixed shared environment among a deploy's targets, unless one of them is per pull request. */
function sharedTarget(targets: Target[], isPerPr: (raw: string) => boolean): { what: string; env: string; value: string } | undefined {
  if (targets.some((t) => t.raw !== undefined && isPerPr(t.raw))) return undefined;
  for (const target of targets) {
    const env = sharedEnvironment(target.value);
    if (env) return { what: target.what, env, value: target.value! };
  }
  return undefined;
}

function check(pipeline: CiPipeline, unit: ShellUnit): { line: number; message: string } | undefined {
  const job = unit.job!;
  const names = prNames(pipeline, job, unit.script, true);
  const environment: Target = { what: 'environment', value: job.environment?.name, raw: job.environment?.name };
  let cluster: Target = { what: 'cluster', value: undefined, raw: undefined };
  for (const command of unit.script.commands) {
    const switched = clusterSwitch(command);
    if (switched) cluster = { what: 'cluster', value: switched.dynamic ? undefined : switched.value, raw: switched.value };
    const deploy = deployOf(command);
    if (!deploy || !runsForOpenPullRequest(pipeline, job, unit.stepOf(command))) continue;
    const word = (what: string, w: typeof deploy.namespace): Target => ({ what, value: w && !w.dynamic ? w.value : undefined, raw: w?.raw });
    const context = deploy.context ? word('context', deploy.context) : cluster;
    const found = sharedTarget([word('namespace', deploy.namespace), word('release', deploy.release), context, environment], names.isPerPr);
    if (found) return { line: command.line, message: `\`${deploy.label}\` to the shared ${found.env} environment (${found.what} ${found.value})` };
  }
  for (const step of job.steps) {
    const action = deployAction(step.uses);
    if (!action || action.kind === 'bake' || !runsForOpenPullRequest(pipeline, job, step)) continue;
    const input = (what: string, v: typeof action.namespace): Target => ({ what, value: v && !/\$\{\{/.test(v.value) ? v.value : undefined, raw: v?.value });
    const found = sharedTarget([input('namespace', action.namespace), input('release', action.release), environment], names.isPerPr);
    if (found) return { line: action.uses.line, message: `${action.uses.action} to the shared ${found.env} environment (${found.what} ${found.value})` };
  }
  return undefined;
}

export default defineRule({
  id: 'shared-staging-deploy-from-pr',
  antipattern: 8,
  severity: 'hint',
  kinds: ['ci'],
  docs: {
    title: 'Do not deploy pull requests to one shared staging environment',
    summary: 'A pipeline triggered by pull requests deploys to a fixed, shared environment (a `staging`, `qa` or `dev` namespace, cluster or CI environment).',
    why: [
      'When every pull request deploys to the same staging environment, the last one wins: two open pull requests overwrite each other,',
      'nobody can tell whose change broke staging, the environment gets booked by whoever is testing, and it drifts from production.',
      'Deploys that only run after merge (push to the main branch, or a closed and merged pull request) are not reported.',
    ].join(' '),
    fix: [
      'Give each pull request its own short-lived environment (a namespace such as `pr-<number>` and an ingress host), created when the',
      'pull request opens and removed when it closes, and deploy to the shared staging environment only from the main branch.',
    ].join(' '),
    examples: [
      {
        path: '.github/workflows/preview.yml',
        bad: 'on: pull_request\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web charts/web -n staging --atomic\n',
        good: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web charts/web -n staging --atomic\n',
      },
    ],
  },
  async check(ctx) {
    const shell = await shellOf(ctx.file);
    const pipeline = shell.pipeline;
    if (!pipeline) return;
    const fresh = firstTime();
    for (const unit of shell.units) {
      if (!unit.job || testsOnThrowawayCluster(unit)) continue;
      const found = check(pipeline, unit);
      if (!found || !fresh(found.line)) continue;
      ctx.report(found.line, `${subject(unit)} runs for pull requests and deploys with ${found.message}. Give each pull request its own short-lived environment, and deploy to the shared one only after merge.`, { key: keyOf(unit) });
    }
  },
});
