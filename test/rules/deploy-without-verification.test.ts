import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'deploy-without-verification';

describe(RULE, () => {
  test('flags helm without --wait/--atomic and offers a suggestion for one-line commands', async () => {
    const script = '#!/bin/sh\nset -e\nhelm upgrade --install web charts/web -n web\nhelm install api \\\n  charts/api\n';
    const findings = await findingsOf(RULE, { 'scripts/deploy.sh': script });
    expect(findings.map((f) => [f.line, f.endLine])).toEqual([[3, 3], [4, 5]]);
    expect(findings[0]!.message).toContain('release web without --wait or --atomic');
    expect(findings[0]!.suggestion).toBe('helm upgrade --atomic --install web charts/web -n web');
    expect(findings[1]!.suggestion).toBeUndefined();
  });

  test('flags kubectl apply of workloads in a workflow run block, on the true line', async () => {
    const workflow = [
      'on:',                                          // 1
      '  push:',                                      // 2
      '    branches: [main]',                         // 3
      'jobs:',                                        // 4
      '  deploy:',                                    // 5
      '    runs-on: ubuntu-latest',                   // 6
      '    steps:',                                   // 7
      '      - name: Apply',                          // 8
      '        run: |',                               // 9
      '          kubectl config use-context prod',    // 10
      '          kubectl apply -f k8s/namespace.yaml', // 11
      '          kubectl apply -f k8s/',              // 12
      '      - run: echo done',                       // 13
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([12]);
    expect(findings[0]!.message).toMatch(/^Job deploy runs `kubectl apply` of workloads/);
  });

  test('looks the applied files up in the change', async () => {
    const script = '#!/bin/sh\nkubectl apply -f deploy/web.yaml\nkubectl apply -f deploy/config.yaml\n';
    const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n';
    const findings = await findingsOf(RULE, [added('scripts/deploy.sh', script), context('deploy/web.yaml', web), context('deploy/config.yaml', config)]);
    expect(findings.map((f) => f.line)).toEqual([2]);
  });

  test('does not flag waiting deploys, later rollout checks, or non-workload applies', async () => {
    const script = [
      '#!/bin/sh',
      'helm upgrade --install web charts/web --atomic --timeout 5m',
      'helm upgrade --install api charts/api --wait',
      'helm upgrade --install x charts/x --dry-run',
      'kubectl apply -f k8s/namespace.yaml',
      'kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/v1.16.0/cert-manager.yaml',
      'kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml | kubectl apply -f -',
      'kubectl apply -k overlays/prod',
      'helm upgrade --install worker charts/worker',
      'kubectl rollout status deployment/web --timeout=5m',
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/deploy.sh', script)).toEqual([]);
    const helpers = '#!/bin/bash\ncheck() {\n  kubectl -n web rollout status deploy/web\n}\nkubectl apply -f k8s/deployment.yaml\ncheck\n';
    expect(await linesOf(RULE, 'scripts/helpers.sh', helpers)).toEqual([]);
    const gitlab = 'deploy:\n  script:\n    - kubectl apply -f k8s/deployment.yaml\n    - ./scripts/wait-for-rollout.sh web\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([]);
  });
});

describe(`${RULE}: applied files among the context`, () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n';

  test('an unchanged workload manifest at the applied path makes the apply a deploy of workloads', async () => {
    // The name alone says nothing (`frontend.yaml`): the unchanged file decides.
    const script = '#!/bin/sh\nkubectl apply -f ../srv/frontend.yaml\nkubectl apply -f ../srv/\n';
    expect(await findingsOf(RULE, [added('scripts/deploy.sh', script.replace('\nkubectl apply -f ../srv/\n', '\n'))])).toEqual([]);
    const findings = await findingsOf(RULE, [added('scripts/deploy.sh', script), context('srv/frontend.yaml', deployment), context('srv/config.yaml', configMap)]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['scripts/deploy.sh', 2], ['scripts/deploy.sh', 3]]);
  });

  test('unchanged files under the applied folder that hold no workload outweigh its name', async () => {
    const script = '#!/bin/sh\nkubectl apply -f k8s/\n';
    expect(await findingsOf(RULE, [context('k8s/config.yaml', configMap), added('scripts/deploy.sh', script)])).toEqual([]);
    // Without the files, the name decides.
    expect((await findingsOf(RULE, [added('scripts/deploy.sh', script)])).map((f) => f.line)).toEqual([2]);
  });

  test('an unchanged script is not reviewed when only the manifest it applies changes', async () => {
    const script = '#!/bin/sh\nkubectl apply -f k8s/web.yaml\n';
    expect(await findingsOf(RULE, [context('scripts/deploy.sh', script), added('k8s/web.yaml', deployment)])).toEqual([]);
  });

  test('a GitLab template line shared by jobs is reported once, whatever the other deploys around it', async () => {
    const gitlab = [
      '.apply: &apply',                                   // 1
      '  - helm upgrade --install web charts/web',        // 2
      '  - kubectl apply -f k8s/',                        // 3
      'deploy-a:',                                        // 4
      '  script: *apply',                                 // 5
      'deploy-b:',                                        // 6
      '  script: *apply',                                 // 7
    ].join('\n');
    const findings = await findingsOf(RULE, [added('.gitlab-ci.yml', gitlab), context('k8s/web.yaml', deployment)]);
    expect(findings.map((f) => f.line)).toEqual([2, 3]);
  });
});
