import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'preview-env-without-teardown';

const PREVIEW = [
  'on: pull_request',                                   // 1
  'env:',                                               // 2
  '  NS: pr-${{ github.event.number }}',                // 3
  'jobs:',                                              // 4
  '  preview:',                                         // 5
  '    runs-on: ubuntu-latest',                         // 6
  '    steps:',                                         // 7
  '      - uses: actions/checkout@v4',                  // 8
  '      - run: |',                                     // 9
  '          kubectl create namespace "$NS"',           // 10
  '          helm upgrade --install web ./c -n "$NS" --atomic', // 11
].join('\n');

describe(RULE, () => {
  test('flags a per-PR namespace with no teardown, on the creating command', async () => {
    const findings = await findingsOf(RULE, { '.github/workflows/preview.yml': PREVIEW });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[10, 'warning']]);
    expect(findings[0]!.message).toContain('Job preview creates a per-pull-request environment (namespace $NS)');
  });

  test('flags a per-PR helm release written with the expression inline', async () => {
    const workflow = 'on:\n  pull_request:\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: |\n          echo hi\n          helm upgrade --install web-pr-${{ github.event.pull_request.number }} ./c --atomic\n';
    expect(await linesOf(RULE, '.github/workflows/p.yml', workflow)).toEqual([9]);
  });

  test('flags GitLab review apps without on_stop', async () => {
    const gitlab = [
      'review:',                                          // 1
      '  script:',                                        // 2
      '    - helm upgrade --install app-$CI_MERGE_REQUEST_IID ./chart --atomic', // 3
      '  environment:',                                   // 4
      '    name: review/$CI_COMMIT_REF_SLUG',             // 5
      '  rules:',                                         // 6
      '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"', // 7
    ].join('\n');
    const findings = await findingsOf(RULE, { '.gitlab-ci.yml': gitlab });
    expect(findings.map((f) => f.line)).toEqual([3]);
    expect(findings[0]!.message).toContain('on_stop');
  });

  test('does not flag when a closing job of the same or another workflow removes it', async () => {
    const same = PREVIEW.replace('on: pull_request', 'on:\n  pull_request:\n    types: [opened, synchronize, closed]')
      + '\n  cleanup:\n    if: github.event.action == \'closed\'\n    runs-on: x\n    steps:\n      - run: helm uninstall web -n "$NS"\n';
    expect(await linesOf(RULE, '.github/workflows/preview.yml', same)).toEqual([]);
    const cleanup = 'on:\n  pull_request:\n    types: [closed]\njobs:\n  c:\n    runs-on: x\n    steps:\n      - run: kubectl delete ns pr-${{ github.event.number }}\n';
    expect(await findingsOf(RULE, [added('.github/workflows/preview.yml', PREVIEW), context('.github/workflows/cleanup.yml', cleanup)])).toEqual([]);
  });

  test('does not flag fixed environments, GitLab review apps with on_stop, or push pipelines', async () => {
    const fixed = 'on: pull_request\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: helm upgrade --install web ./c -n preview --atomic\n';
    expect(await linesOf(RULE, '.github/workflows/p.yml', fixed)).toEqual([]);
    const gitlab = 'review:\n  script: [helm upgrade --install app-$CI_MERGE_REQUEST_IID ./chart --atomic]\n  environment:\n    name: review/$CI_COMMIT_REF_SLUG\n    on_stop: stop\n  rules:\n    - if: $CI_MERGE_REQUEST_IID\nstop:\n  script: [helm uninstall app-$CI_MERGE_REQUEST_IID]\n  environment:\n    name: review/$CI_COMMIT_REF_SLUG\n    action: stop\n  when: manual\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([]);
    const tags = 'deploy:\n  script: [helm upgrade --install app ./chart --atomic]\n  environment:\n    name: production/$CI_COMMIT_TAG\n  only: [tags]\nmain:\n  script: [helm upgrade --install app ./chart --atomic]\n  environment:\n    name: $CI_COMMIT_REF_SLUG\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', tags)).toEqual([]);
    const push = 'on: push\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: helm upgrade --install web-$GITHUB_REF_NAME ./c --atomic\n';
    expect(await linesOf(RULE, '.github/workflows/p.yml', push)).toEqual([]);
  });
});
