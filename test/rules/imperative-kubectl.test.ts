import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'imperative-kubectl';

describe(RULE, () => {
  test('flags imperative subcommands in a script, behind global flags and wrappers', async () => {
    const script = [
      '#!/bin/bash',                                           // 1
      'set -euo pipefail',                                     // 2
      'kubectl -n prod --context x patch deploy/web -p "{}"',  // 3
      'sudo kubectl scale deploy/web --replicas=3',            // 4
      'kubectl set image deployment/web web=app:1.2',          // 5
      'if true; then kubectl rollout restart deploy/web; fi',  // 6
      'kubectl create deployment web --image=app:1',           // 7
      'POD=$(kubectl label pod web x=y)',                      // 8
      'bash -c "kubectl annotate deploy/web a=b"',             // 9
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/fix.sh', script)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const [first] = await findingsOf(RULE, { 'scripts/fix.sh': script });
    expect(first!.message).toContain('kubectl patch deploy/web');
  });

  test('flags inside a workflow run block on the true file line', async () => {
    const workflow = [
      'name: hotfix',                       // 1
      'on: workflow_dispatch',              // 2
      'jobs:',                              // 3
      '  fix:',                             // 4
      '    runs-on: ubuntu-latest',         // 5
      '    steps:',                         // 6
      '      - uses: actions/checkout@v4',  // 7
      '      - name: patch',                // 8
      '        run: |',                     // 9
      '          echo patching',            // 10
      '',                                   // 11
      '          kubectl edit deploy/web',  // 12
      '      - run: kubectl replace -f web.yaml', // 13
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/hotfix.yml': workflow });
    expect(findings.map((f) => f.line)).toEqual([12, 13]);
    expect(findings[0]!.message).toMatch(/^Job fix:/);
  });

  test('flags GitLab script entries and Makefile recipes', async () => {
    const gitlab = 'stages: [deploy]\nscale:\n  stage: deploy\n  script:\n    - echo start\n    - kubectl scale deploy/web --replicas=0\n';
    expect(await linesOf(RULE, '.gitlab-ci.yml', gitlab)).toEqual([6]);
    const makefile = 'restart:\n\t@echo restarting\n\tkubectl rollout restart deploy/web\n';
    expect(await linesOf(RULE, 'Makefile', makefile)).toEqual([3]);
  });

  test('does not flag comments, strings, echo, heredocs or read-only commands', async () => {
    const script = [
      '#!/bin/sh',
      '# kubectl patch deploy/web -p x',
      'echo "kubectl patch deploy/web"',
      'MSG="run kubectl scale to resize"',
      'cat <<EOF',
      'kubectl edit deploy/web',
      'EOF',
      'kubectl rollout status deploy/web',
      'kubectl get deploy web',
      'kubectl create namespace web',
      'kubectl create secret generic s --from-literal=a=b --dry-run=client -o yaml | kubectl apply -f -',
      'kubectl label --local -f web.yaml x=y -o yaml',
      'kubectl run smoke --rm -i --image=curlimages/curl -- curl http://web',
      'kubectl create deployment web --image=app:1 --dry-run=client -o yaml > deploy.yaml',
      'kubectl exec deploy/web -- kubectl patch x',
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/ok.sh', script)).toEqual([]);
  });
});
