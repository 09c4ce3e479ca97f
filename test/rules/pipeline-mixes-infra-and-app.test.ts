import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'pipeline-mixes-infra-and-app';

describe(RULE, () => {
  test('flags one job that provisions and deploys, anchored on the deploy', async () => {
    const workflow = [
      'on: push',                                        // 1
      'jobs:',                                           // 2
      '  all:',                                          // 3
      '    runs-on: ubuntu-latest',                      // 4
      '    steps:',                                      // 5
      '      - run: |',                                  // 6
      '          terraform -chdir=infra init',           // 7
      '          terraform -chdir=infra apply -auto-approve', // 8
      '      - run: helm upgrade --install web charts/web --atomic', // 9
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/release.yml': workflow });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[9, [8, 9]]]);
    expect(findings[0]!.message).toContain('Job all provisions infrastructure with `terraform apply` (line 8)');
  });

  test('flags a GitLab pipeline whose jobs split the two', async () => {
    const gitlab = [
      'stages: [infra, deploy]',          // 1
      'infra:',                           // 2
      '  stage: infra',                   // 3
      '  script:',                        // 4
      '    - pulumi up --yes --stack prod', // 5
      'deploy:',                          // 6
      '  stage: deploy',                  // 7
      '  script:',                        // 8
      '    - kubectl apply -f k8s/',      // 9
    ].join('\n');
    const findings = await findingsOf(RULE, { '.gitlab-ci.yml': gitlab });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[9, [5, 9]]]);
    expect(findings[0]!.message).toContain('in job infra (line 5)');
  });

  test('does not flag plans, cluster add-ons, or pipelines that only do one thing', async () => {
    const infra = [
      'on: push',
      'jobs:',
      '  infra:',
      '    runs-on: x',
      '    steps:',
      '      - run: terraform plan',
      '      - run: terraform apply -auto-approve',
      '      - run: helm upgrade --install ingress-nginx ingress-nginx/ingress-nginx -n ingress-nginx --wait',
      '      - run: kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/v1.16.0/cert-manager.yaml',
      '      - run: kubectl apply -f k8s/namespaces.yaml',
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/infra.yml', infra)).toEqual([]);
    const plan = 'on: pull_request\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: terraform plan\n      - run: helm upgrade --install web ./c --atomic\n';
    expect(await linesOf(RULE, '.github/workflows/p.yml', plan)).toEqual([]);
    const text = 'on: push\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: echo "terraform apply"\n      - run: helm upgrade --install web ./c --atomic\n';
    expect(await linesOf(RULE, '.github/workflows/t.yml', text)).toEqual([]);
  });
});
