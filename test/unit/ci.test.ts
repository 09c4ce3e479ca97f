import { describe, expect, test } from '@jest/globals';
import { parseFile } from '../../src/engine/parsed-file.js';
import { pipelineOf, shellOf, commandSites } from '../../src/ci/units.js';
import { runsForOpenPullRequest, runsOnPullRequestClose } from '../../src/ci/triggers.js';
import { prNames, sharedEnvironment } from '../../src/ci/targets.js';
import { maskExpressions } from '../../src/ci/scalar.js';
import { added } from '../helpers/change.js';

const ci = (path: string, text: string) => parseFile(added(path, text), 'ci', text);

const WORKFLOW = [
  'name: preview',                                   // 1
  'on:',                                             // 2
  '  pull_request:',                                 // 3
  '    types: [opened, synchronize, closed]',        // 4
  'env:',                                            // 5
  '  NS: pr-${{ github.event.number }}',             // 6
  'jobs:',                                           // 7
  '  deploy:',                                       // 8
  "    if: github.event.action != 'closed'",         // 9
  '    runs-on: ubuntu-latest',                      // 10
  '    environment: preview',                        // 11
  '    steps:',                                      // 12
  '      - uses: actions/checkout@v4',               // 13
  '      - name: Deploy',                            // 14
  '        run: |',                                  // 15
  '          echo "deploying ${{ github.sha }}"',    // 16
  '',                                                // 17
  '          helm upgrade --install web ./chart \\', // 18
  '            -n "$NS" --atomic',                   // 19
  '      - run: kubectl get pods -n $NS',            // 20
  '      - run: >',                                  // 21
  '          kubectl rollout status',                // 22
  '          deploy/web',                            // 23
  '      - shell: pwsh',                             // 24
  '        run: kubectl patch x',                    // 25
  '      - uses: deliverybot/helm@v1',               // 26
  '        with:',                                   // 27
  '          chart: ./charts/web',                   // 28
  '  teardown:',                                     // 29
  "    if: github.event.action == 'closed'",         // 30
  '    runs-on: ubuntu-latest',                      // 31
  '    steps:',                                      // 32
  '      - run: kubectl delete ns "$NS"',            // 33
].join('\n');

describe('GitHub Actions workflows', () => {
  test('events, jobs, environments, conditions and uses steps', () => {
    const pipeline = pipelineOf(ci('.github/workflows/preview.yml', WORKFLOW))!;
    expect(pipeline.provider).toBe('github');
    expect(pipeline.events.get('pull_request')?.types).toEqual(['opened', 'synchronize', 'closed']);
    expect(pipeline.env).toEqual({ NS: 'pr-${{ github.event.number }}' });
    const [deploy, teardown] = pipeline.jobs;
    expect(deploy).toMatchObject({ id: 'deploy', line: 8, condition: "github.event.action != 'closed'", environment: { name: 'preview', line: 11 } });
    expect(deploy!.span).toEqual([8, 28]);
    expect(deploy!.steps.map((s) => s.line)).toEqual([13, 14, 20, 21, 24, 26]);
    expect(deploy!.steps[5]!.uses).toMatchObject({ action: 'deliverybot/helm', ref: 'v1', line: 26 });
    expect(deploy!.steps[5]!.uses!.with.get('chart')).toEqual({ value: './charts/web', line: 28 });
    expect(deploy!.steps[4]!.run).toBeUndefined();
    expect(teardown!.id).toBe('teardown');
  });

  test('run blocks keep their true file lines (literal, plain and folded scalars)', async () => {
    const file = ci('.github/workflows/preview.yml', WORKFLOW);
    const sites = await commandSites(file);
    expect(sites.map((s) => [s.command.line, s.command.argv.slice(0, 2).join(' ')])).toEqual([
      [16, `echo deploying ${'\u00a7'.repeat('${{ github.sha }}'.length)}`], [18, 'helm upgrade'], [20, 'kubectl get'], [22, 'kubectl rollout'], [33, 'kubectl delete'],
    ]);
    expect(sites[1]!.command.endLine).toBe(19);
    expect(sites[3]!.command.argv).toEqual(['kubectl', 'rollout', 'status', 'deploy/web']);
    const shell = await shellOf(file);
    expect(shell.units.map((u) => u.job?.id)).toEqual(['deploy', 'teardown']);
    expect(shell.units[0]!.stepOf(sites[1]!.command)?.name).toBe('Deploy');
  });

  test('triggers: open pull requests and closing ones', () => {
    const pipeline = pipelineOf(ci('.github/workflows/preview.yml', WORKFLOW))!;
    const [deploy, teardown] = pipeline.jobs;
    expect(runsForOpenPullRequest(pipeline, deploy!)).toBe(true);
    expect(runsForOpenPullRequest(pipeline, teardown!)).toBe(false);
    expect(runsOnPullRequestClose(pipeline, teardown!)).toBe(true);
    expect(runsOnPullRequestClose(pipeline, deploy!)).toBe(false);
    const push = pipelineOf(ci('.github/workflows/p.yml', 'on: [push, pull_request]\njobs:\n  a:\n    if: github.event_name == \'push\'\n    runs-on: x\n    steps: []\n  b:\n    runs-on: x\n    steps: []\n'))!;
    expect(push.jobs.map((j) => runsForOpenPullRequest(push, j))).toEqual([false, true]);
    const closedOnly = pipelineOf(ci('.github/workflows/c.yml', 'on:\n  pull_request:\n    types: [closed]\njobs:\n  a:\n    runs-on: x\n    steps: []\n'))!;
    expect(runsForOpenPullRequest(closedOnly, closedOnly.jobs[0]!)).toBe(false);
  });

  test('per-pull-request names follow variables', async () => {
    const file = ci('.github/workflows/preview.yml', WORKFLOW);
    const shell = await shellOf(file);
    const names = prNames(shell.pipeline, shell.units[0]!.job, shell.units[0]!.script, true);
    expect(names.isPerPr('$NS')).toBe(true);
    expect(names.isPerPr('pr-${{ github.event.pull_request.number }}')).toBe(true);
    expect(names.isPerPr('staging')).toBe(false);
    expect(sharedEnvironment('app-staging')).toBe('staging');
    expect(sharedEnvironment('production')).toBeUndefined();
    expect(sharedEnvironment('$NS')).toBeUndefined();
  });

  test('masks expressions with same-length filler and keeps line breaks', () => {
    const text = 'a ${{ x\n }} b';
    const masked = maskExpressions(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.split('\n')).toHaveLength(2);
  });

  test('a file that is not valid YAML has no pipeline and no commands', async () => {
    const file = ci('.github/workflows/bad.yml', 'jobs: [\n');
    expect(pipelineOf(file)).toBeUndefined();
    expect((await shellOf(file)).units).toEqual([]);
  });
});

const GITLAB = [
  'stages: [deploy]',                                   // 1
  'default:',                                           // 2
  '  before_script:',                                   // 3
  '    - kubectl config use-context $CTX',              // 4
  '.deploy:',                                           // 5
  '  script:',                                          // 6
  '    - helm upgrade --install web ./chart --atomic',  // 7
  'review:',                                            // 8
  '  extends: .deploy',                                 // 9
  '  rules:',                                           // 10
  '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"', // 11
  '  environment:',                                     // 12
  '    name: review/$CI_COMMIT_REF_SLUG',               // 13
  '    on_stop: stop_review',                           // 14
  'stop_review:',                                       // 15
  '  script: |',                                        // 16
  '    helm uninstall web',                             // 17
  '  environment:',                                     // 18
  '    name: review/$CI_COMMIT_REF_SLUG',               // 19
  '    action: stop',                                   // 20
  '  when: manual',                                     // 21
  'prod:',                                              // 22
  '  extends: [.deploy]',                               // 23
  '  only: [main]',                                     // 24
  '  after_script:',                                    // 25
  '    - - echo nested',                                // 26
  '    - !reference [.cleanup, script]',                // 27
].join('\n');

describe('GitLab CI', () => {
  test('jobs with extends, default before_script, rules, only and environments', () => {
    const pipeline = pipelineOf(ci('.gitlab-ci.yml', GITLAB))!;
    expect(pipeline.provider).toBe('gitlab');
    expect(pipeline.jobs.map((j) => j.id)).toEqual(['review', 'stop_review', 'prod']);
    const [review, stop, prod] = pipeline.jobs;
    expect(review!.environment).toEqual({ name: 'review/$CI_COMMIT_REF_SLUG', onStop: 'stop_review', action: undefined, line: 13 });
    expect(stop!.environment?.action).toBe('stop');
    expect(review!.steps.map((s) => [s.section, s.line])).toEqual([['before_script', 4], ['script', 7]]);
    expect(prod!.steps.map((s) => [s.section, s.line])).toEqual([['before_script', 4], ['script', 7], ['after_script', 26]]);
    expect(runsForOpenPullRequest(pipeline, review!)).toBe(true);
    expect(runsForOpenPullRequest(pipeline, prod!)).toBe(false);
    expect(prod!.only).toEqual(['main']);
  });

  test('template commands are listed once with their template line', async () => {
    const sites = await commandSites(ci('.gitlab-ci.yml', GITLAB));
    expect(sites.map((s) => [s.command.line, s.command.name])).toEqual([
      [4, 'kubectl'], [7, 'helm'], [17, 'helm'], [26, 'echo'],
    ]);
  });

  test('workflow rules make jobs without rules run for merge requests', () => {
    const pipeline = pipelineOf(ci('.gitlab-ci.yml', 'workflow:\n  rules:\n    - if: $CI_MERGE_REQUEST_IID\ndeploy:\n  script: [helm upgrade web ./c]\n'))!;
    expect(runsForOpenPullRequest(pipeline, pipeline.jobs[0]!)).toBe(true);
  });
});
