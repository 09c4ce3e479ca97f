import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'liveness-without-startup-probe';

function container(probes: string, kind = 'StatefulSet'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: search
spec:
  template:
    spec:
      containers:
        - name: search
          image: search:5.0.0
${probes}`;
}

function liveness(delay: string): string {
  return `          livenessProbe:
            httpGet:
              path: /healthz
              port: 9200
            initialDelaySeconds: ${delay}
`;
}

const STARTUP = '          startupProbe:\n            httpGet:\n              path: /healthz\n              port: 9200\n            failureThreshold: 30\n';

describe(RULE, () => {
  test('flags a long liveness delay without a startup probe, on the delay line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/search.yaml': container(liveness('180')) });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[15, 'hint']]);
    expect(findings[0]!.message).toContain('StatefulSet search, container search: liveness waits 180 s');
  });

  test('does not flag delays up to 60 s, or a startup probe beside the delay', async () => {
    expect(await linesOf(RULE, 'deploy/search.yaml', container(liveness('60')))).toEqual([]);
    expect(await linesOf(RULE, 'deploy/search.yaml', container(STARTUP + liveness('120')))).toEqual([]);
  });

  test('does not flag long readiness delays or templated delays', async () => {
    const readiness = '          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 9200\n            initialDelaySeconds: 300\n';
    expect(await linesOf(RULE, 'deploy/search.yaml', container(readiness))).toEqual([]);
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: search\nversion: 1.0.0\n',
      'chart/templates/sts.yaml': container(liveness('{{ .Values.liveness.delay }}')),
    };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });

  test('does not flag a Helm container whose probes partly come from values', async () => {
    const template = container(`          {{- with .Values.startupProbe }}
          startupProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
${liveness('120')}`);
    const files = { 'chart/Chart.yaml': 'apiVersion: v2\nname: search\nversion: 1.0.0\n', 'chart/templates/sts.yaml': template };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});
