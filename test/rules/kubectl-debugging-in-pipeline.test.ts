import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'kubectl-debugging-in-pipeline';

describe(RULE, () => {
  test('reports once per job, on the first debugging command, spanning the last', async () => {
    const workflow = [
      'on: push',                                 // 1
      'jobs:',                                    // 2
      '  deploy:',                                // 3
      '    runs-on: ubuntu-latest',               // 4
      '    steps:',                               // 5
      '      - run: helm upgrade web ./c --wait', // 6
      '      - if: failure()',                    // 7
      '        run: |',                           // 8
      '          kubectl get pods -n web',        // 9
      '          kubectl describe pod -l app=web', // 10
      '          kubectl -n web logs deploy/web', // 11
    ].join('\n');
    const findings = await findingsOf(RULE, { '.github/workflows/deploy.yml': workflow });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 9, span: [9, 11], severity: 'hint' });
    expect(findings[0]!.message).toContain('kubectl get pods, kubectl describe, kubectl logs (lines 9, 10, 11)');
  });

  test('flags exec and port-forward in scripts', async () => {
    const script = '#!/bin/sh\nkubectl apply -f k8s/\nkubectl exec deploy/web -- curl -s localhost:8080/health\nkubectl port-forward svc/web 8080:80 &\n';
    const findings = await findingsOf(RULE, { 'scripts/deploy.sh': script });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[3, [3, 4]]]);
  });

  test('does not flag rollout checks, other gets, or text', async () => {
    const script = [
      '#!/bin/sh',
      'kubectl rollout status deploy/web',
      'kubectl get deploy web -o jsonpath="{.status}"',
      'kubectl get svc',
      'echo "run kubectl logs deploy/web to debug"',
      '# kubectl describe pod web',
      'kubectl exec deploy/web -- rake db:migrate',
      'kubectl exec -i db-0 -- psql -c "select 1"',
    ].join('\n');
    expect(await linesOf(RULE, 'scripts/check.sh', script)).toEqual([]);
  });
});
