import { defineRule } from '../src/engine/rule.js';
import { shellOf, type ShellUnit } from '../src/ci/units.js';
import { testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { deployAction, infraAction } from '../src/ci/actions.js';
import { deployOf, infraOf } from '../src/shell/deploy.js';
import { isApplicationDeploy } from '../src/ci/applied.js';

interface Site {
  unit: ShellUnit;
  line: number;
  what: string;
}

function sites(unit: ShellUnit): { infra?: Site; app?: Site } {
  const infra: Site[] = [];
  const app: Site[] = [];
  for (const command of unit.script.commands) {
    const provision = infraOf(command);
    if (provision) infra.push({ unit, line: command.line, what: `\`${provision}\`` });
    const deploy = deployOf(command);
    if (deploy && isApplicationDeploy(deploy)) app.push({ unit, line: command.line, what: `\`${deploy.label}\`` });
  }
  for (const step of unit.job?.steps ?? []) {
    if (infraAction(step.uses)) infra.push({ unit, line: step.uses!.line, what: step.uses!.action });
    const action = deployAction(step.uses);
    if (action && action.kind !== 'bake') app.push({ unit, line: action.uses.line, what: action.uses.action });
  }
  const first = (list: Site[]): Site | undefined => list.sort((a, b) => a.line - b.line)[0];
  return { infra: first(infra), app: first(app) };
}

export default defineRule({
  id: 'pipeline-mixes-infra-and-app',
  antipattern: 4,
  severity: 'warning',
  kinds: ['ci'],
  docs: {
    title: 'Keep infrastructure and application deployments in separate pipelines',
    summary: 'One CI job or pipeline both provisions infrastructure (`terraform apply`, `pulumi up`, `eksctl create cluster`...) and deploys the application (`helm upgrade`, `kubectl apply`, `argocd app sync`...).',
    why: [
      'Applications change many times a day and clusters rarely. When one pipeline does both, every application release waits for',
      'an infrastructure plan, an infrastructure failure blocks a hotfix, and failures land on the wrong team.',
      'It also tempts the application to depend on outputs of the infrastructure run, which couples the two for good.',
    ].join(' '),
    fix: [
      'Split them: an infrastructure pipeline for Terraform/Pulumi (triggered by changes to the infrastructure code) and an application',
      'pipeline that only builds and deploys. Pass what the application needs through configuration, not through pipeline outputs.',
    ].join(' '),
    examples: [
      {
        path: '.github/workflows/release.yml',
        bad: 'on:\n  push:\n    branches: [main]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform -chdir=infra apply -auto-approve\n      - run: helm upgrade --install web charts/web --atomic\n',
        good: 'on:\n  push:\n    branches: [main]\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web charts/web --atomic\n',
      },
    ],
  },
  async check(ctx) {
    const all = (await shellOf(ctx.file)).units.filter((u) => u.job && !testsOnThrowawayCluster(u)).map(sites);
    const reported = new Set<number>();
    for (const { infra, app } of all) {
      if (!infra || !app || reported.has(app.line)) continue;
      reported.add(app.line);
      ctx.report(app.line, `Job ${app.unit.job!.id} provisions infrastructure with ${infra.what} (line ${infra.line}) and deploys the application with ${app.what}. Run infrastructure and application deployments in separate pipelines.`, {
        span: [Math.min(infra.line, app.line), Math.max(infra.line, app.line)], key: `job/${app.unit.job!.id}`,
      });
    }
    if (reported.size > 0) return;
    const infra = all.map((s) => s.infra).find((s) => s !== undefined);
    const app = all.map((s) => s.app).find((s) => s !== undefined);
    if (!infra || !app) return;
    ctx.report(app.line, `This pipeline provisions infrastructure with ${infra.what} in job ${infra.unit.job!.id} (line ${infra.line}) and deploys the application with ${app.what} in job ${app.unit.job!.id}. Run infrastructure and application deployments in separate pipelines.`, {
      span: [Math.min(infra.line, app.line), Math.max(infra.line, app.line)],
    });
  },
});
