import { defineRule } from '../src/engine/rule.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { deployAction } from '../src/ci/actions.js';
import { deployOf, type Deploy } from '../src/shell/deploy.js';
import { isApplicationDeploy } from '../src/ci/applied.js';

const BOOTSTRAP = /bootstrap/i;

export default defineRule({
  id: 'push-based-deploy',
  antipattern: 5,
  severity: 'hint',
  kinds: ['ci'],
  docs: {
    title: 'Prefer a GitOps agent to pipelines that push to the cluster',
    summary: 'A CI pipeline applies manifests or charts to a cluster directly (`kubectl apply`, `helm upgrade`, a deploy action) instead of letting an agent in the cluster pull them from git.',
    why: [
      'A pipeline that pushes to the cluster needs cluster credentials in CI, and the cluster only matches git at the moment the job ran:',
      'a hand edit afterwards stays until the next release, and nothing reports the drift. A pull-based agent such as Argo CD or Flux',
      'keeps comparing the cluster with git, shows the difference and puts it back, and keeps the credentials inside the cluster.',
      'Jobs that deploy into a throwaway test cluster (kind, k3d, minikube) are not reported, and neither are workflows or jobs',
      'whose path or name contains `bootstrap`: installing the GitOps agent itself has to be pushed once.',
    ].join(' '),
    fix: [
      'Let the pipeline build and publish the image, then commit the new tag to a deployment repository (or let an image automation do it);',
      'an Argo CD Application or Flux Kustomization/HelmRelease applies it. `argocd app sync` from CI is fine for triggering that agent.',
    ].join(' '),
    examples: [
      {
        path: '.github/workflows/deploy.yml',
        bad: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/ && kubectl rollout status deploy/web\n',
        good: 'on:\n  push:\n    branches: [main]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          yq -i ".images[0].newTag = \\"$GITHUB_SHA\\"" deploy/prod/kustomization.yaml\n          git commit -am "Deploy $GITHUB_SHA" && git push\n',
      },
    ],
  },
  async check(ctx) {
    if (BOOTSTRAP.test(ctx.path)) return;
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      const job = unit.job;
      if (!job || BOOTSTRAP.test(job.id) || BOOTSTRAP.test(job.name ?? '') || testsOnThrowawayCluster(unit)) continue;
      const deploys = unit.script.commands.map(deployOf).filter((d): d is Deploy => d !== undefined && !d.label.startsWith('argocd'));
      // Name the application deploy when there is one, not the namespace or secret applied before it.
      const command = (deploys.find(isApplicationDeploy) ?? deploys[0])?.command;
      const action = job.steps.map((s) => deployAction(s.uses)).find((a) => a !== undefined && a.kind !== 'bake');
      const line = Math.min(command?.line ?? Infinity, action?.uses.line ?? Infinity);
      if (line === Infinity || !fresh(line)) continue;
      const how = command && command.line === line ? `\`${deployOf(command)!.label}\`` : action!.uses.action;
      ctx.report(line, `${subject(unit)} pushes to the cluster with ${how}. Consider a pull-based GitOps agent (Argo CD, Flux) that applies what git holds and reports drift.`, {
        span: [line, line], key: keyOf(unit),
      });
    }
  },
});
