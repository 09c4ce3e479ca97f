import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'push-based-deploy';

describe(RULE, () => {
  test('reports each deploying job once, on its first deploy', async () => {
    const workflow = [
      'on: push',                                            // 1
      'jobs:',                                               // 2
      '  web:',                                              // 3
      '    runs-on: ubuntu-latest',                          // 4
      '    steps:',                                          // 5
      '      - run: |',                                      // 6
      '          echo "kubectl apply -f k8s/"',              // 7
      '          helm upgrade --install web ./chart --atomic', // 8
      '          kubectl apply -f k8s/extra.yaml',           // 9
      '  aks:',                                              // 10
      '    runs-on: ubuntu-latest',                          // 11
      '    steps:',                                          // 12
      '      - uses: azure/k8s-deploy@v5',                   // 13
      '        with:',                                       // 14
      '          manifests: k8s/deployment.yaml',            // 15
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[8, 'hint'], [13, 'hint']]);
    expect(findings[0]!.message).toContain('Job web pushes to the cluster with `helm upgrade`');
    expect(findings[1]!.message).toContain('azure/k8s-deploy');
  });

  test('reports GitLab jobs', async () => {
    const gitlab = 'deploy:\n  stage: deploy\n  script:\n    - kubectl apply -k overlays/prod\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([4]);
  });

  test('does not report GitOps syncs, dry runs, test clusters, bootstrap workflows or scripts', async () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  sync:',
      '    runs-on: x',
      '    steps:',
      '      - run: argocd app sync web && argocd app wait web',
      '      - run: kubectl apply --dry-run=server -f k8s/',
      '      - run: helm template web ./chart | kubeconform',
      '  e2e:',
      '    runs-on: x',
      '    steps:',
      '      - uses: helm/kind-action@v1',
      '      - run: kubectl apply -f k8s/',
      '  bootstrap-flux:',
      '    runs-on: x',
      '    steps:',
      '      - run: kubectl apply -f clusters/prod/flux-system/gotk-components.yaml',
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/deploy.yml', workflow)).toEqual([]);
    const bootstrap = 'on: workflow_dispatch\njobs:\n  install:\n    runs-on: x\n    steps:\n      - run: helm upgrade --install argocd argo/argo-cd -n argocd --wait\n';
    expect(await linesOf(RULE, '.github/workflows/bootstrap-cluster.yml', bootstrap)).toEqual([]);
    expect(await linesOf(RULE, 'scripts/bootstrap.sh', '#!/bin/sh\nkubectl apply -k clusters/prod\n')).toEqual([]);
  });
});
