import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'shared-staging-deploy-from-pr';

describe(RULE, () => {
  test('flags a pull request job deploying to a fixed staging namespace, context or environment', async () => {
    const workflow = [
      'on: pull_request',                                        // 1
      'jobs:',                                                   // 2
      '  ns:',                                                   // 3
      '    runs-on: x',                                          // 4
      '    steps:',                                              // 5
      '      - run: |',                                          // 6
      '          helm upgrade --install web ./c -n staging --atomic', // 7
      '  ctx:',                                                  // 8
      '    runs-on: x',                                          // 9
      '    steps:',                                              // 10
      '      - run: kubectl config use-context qa-cluster',      // 11
      '      - run: kubectl apply -f k8s/ && kubectl rollout status deploy/web', // 12
      '  env:',                                                  // 13
      '    runs-on: x',                                          // 14
      '    environment: staging',                                // 15
      '    steps:',                                              // 16
      '      - uses: azure/k8s-deploy@v5',                       // 17
      '        with:',                                           // 18
      '          manifests: k8s/',                               // 19
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/pr.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([7, 12, 17]);
    expect(findings[0]!.message).toContain('Job ns runs for pull requests and deploys with `helm upgrade` to the shared staging environment (namespace staging)');
    expect(findings[1]!.message).toContain('(cluster qa-cluster)');
  });

  test('flags GitLab merge request jobs', async () => {
    const gitlab = 'deploy:\n  script:\n    - kubectl -n uat apply -f k8s/deployment.yaml\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([3]);
  });

  test('does not flag post-merge deploys, per-PR namespaces, production, or push-only jobs', async () => {
    const workflow = [
      'on:',
      '  push:',
      '    branches: [main]',
      '  pull_request:',
      '    types: [opened, synchronize, closed]',
      'jobs:',
      '  main:',
      "    if: github.event_name == 'push'",
      '    runs-on: x',
      '    steps:',
      '      - run: helm upgrade --install web ./c -n staging --atomic',
      '  merged:',
      '    if: github.event.pull_request.merged == true',
      '    runs-on: x',
      '    steps:',
      '      - run: helm upgrade --install web ./c -n staging --atomic',
      '  preview:',
      '    runs-on: x',
      '    steps:',
      '      - run: helm upgrade --install web ./c -n pr-${{ github.event.number }} --kube-context staging --atomic',
      '      - run: helm upgrade --install web ./c -n production --atomic --dry-run',
      '      - run: helm upgrade --install web ./c -n "$NS" --atomic',
    ].join('\n');
    expect(await linesOf(RULE, '.github/workflows/deploy.yml', workflow)).toEqual([]);
    const gitlab = 'deploy:\n  script:\n    - kubectl -n staging apply -f k8s/\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([]);
  });
});
