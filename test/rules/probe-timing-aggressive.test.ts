import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'probe-timing-aggressive';

function pod(probe: string, name = 'livenessProbe'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: web:1.0.0
      ${name}:
        httpGet:
          path: /healthz
          port: 8080
${probe}`;
}

describe(RULE, () => {
  test('flags a liveness probe that restarts after one failure, on the probe key', async () => {
    const findings = await findingsOf(RULE, { 'pod.yaml': pod('        periodSeconds: 2\n        timeoutSeconds: 1\n        failureThreshold: 1\n') });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[9, [9, 15]]]);
    expect(findings[0]!.message).toContain('Pod web, container web: the liveness probe restarts the container after a single failed check');
    expect(findings[0]!.message).toContain('failureThreshold 1, periodSeconds 2, timeoutSeconds 1');
  });

  test('flags a liveness probe that gives up within a few seconds', async () => {
    const findings = await findingsOf(RULE, { 'pod.yaml': pod('        periodSeconds: 1\n') });
    expect(findings.map((f) => f.line)).toEqual([9]);
    expect(findings[0]!.message).toContain('after 3 s of slow answers');
  });

  test('flags a startup probe with failureThreshold 1', async () => {
    expect(await linesOf(RULE, 'pod.yaml', pod('        failureThreshold: 1\n', 'startupProbe'))).toEqual([9]);
  });

  test('does not flag defaults, tolerant timings, readiness probes or short startup periods', async () => {
    const cases = [
      pod(''),
      pod('        periodSeconds: 2\n        failureThreshold: 3\n'),
      pod('        periodSeconds: 5\n        failureThreshold: 2\n        timeoutSeconds: 1\n'),
      pod('        periodSeconds: 1\n        failureThreshold: 1\n', 'readinessProbe'),
      pod('        periodSeconds: 1\n        failureThreshold: 3\n', 'startupProbe'),
    ];
    for (const text of cases) expect(await linesOf(RULE, 'pod.yaml', text)).toEqual([]);
  });

  test('does not flag templated timings or Jobs', async () => {
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/templates/pod.yaml': pod('        failureThreshold: {{ .Values.liveness.failureThreshold }}\n        periodSeconds: 1\n'),
    };
    expect(await findingsOf(RULE, files)).toEqual([]);
    const job = pod('        failureThreshold: 1\n').replace('kind: Pod', 'kind: Pod').replace('spec:\n  containers', 'spec:\n  restartPolicy: Never\n  containers');
    expect(await linesOf(RULE, 'pod.yaml', job)).toEqual([]);
  });
});
