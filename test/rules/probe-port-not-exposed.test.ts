import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'probe-port-not-exposed';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n' };

/** A Deployment whose container `web` has these lines (indented for the container's keys, 10 spaces). */
function deployment(body: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.0.0
${body}`;
}

const WEB_AND_METRICS = `          ports:
            - name: web
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;

function probe(kind: string, handler: string, port: string | number): string {
  const path = handler === 'httpGet' ? `              path: /healthz\n` : '';
  return `          ${kind}:\n            ${handler}:\n${path}              port: ${port}\n`;
}

describe(RULE, () => {
  describe('must catch', () => {
    test('a named port the container does not declare, on the port line, spanning the probe', async () => {
      const findings = await findingsOf(RULE, { 'deploy/web.yaml': deployment(WEB_AND_METRICS + probe('readinessProbe', 'httpGet', 'http')) });
      expect(findings.map((f) => [f.line, f.span, f.severity])).toEqual([[19, [16, 19], 'warning']]);
      expect(findings[0]!.message).toContain('Deployment web, container web: the readiness probe checks port "http", but the container declares only "web", "metrics"');
      expect(findings[0]!.message).toContain('the pod never becomes ready');
    });

    test('each of liveness, readiness and startup, with httpGet and tcpSocket', async () => {
      const body = WEB_AND_METRICS + probe('livenessProbe', 'httpGet', 'http') + probe('readinessProbe', 'tcpSocket', 'admin') + probe('startupProbe', 'httpGet', 'healthz');
      const findings = await findingsOf(RULE, { 'deploy/web.yaml': deployment(body) });
      expect(findings.map((f) => f.line)).toEqual([19, 22, 26]);
      expect(findings[0]!.message).toContain('the liveness probe');
      expect(findings[0]!.message).toContain('restarts the container again and again');
      expect(findings[2]!.message).toContain('the startup probe');
    });

    test('a named port when the container declares no ports at all', async () => {
      const findings = await findingsOf(RULE, { 'deploy/web.yaml': deployment(probe('livenessProbe', 'httpGet', 'http')) });
      expect(findings.map((f) => f.line)).toEqual([14]);
      expect(findings[0]!.message).toContain('the container declares no named port');
    });

    test('a port declared by another container of the pod does not count: names resolve per container', async () => {
      const text = deployment(probe('livenessProbe', 'httpGet', 'http')) + '        - name: proxy\n          image: envoyproxy/envoy:v1.30.1\n          ports:\n            - name: http\n              containerPort: 8080\n';
      expect(await linesOf(RULE, 'deploy/web.yaml', text)).toEqual([14]);
    });

    test('a tcpSocket probe on a port declared as UDP, by name or by number', async () => {
      const udp = '          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n';
      const byName = await findingsOf(RULE, { 'deploy/dns.yaml': deployment(udp + probe('livenessProbe', 'tcpSocket', 'dns')) });
      expect(byName.map((f) => f.line)).toEqual([17]);
      expect(byName[0]!.message).toContain('opens a TCP connection to port "dns", which the container declares as UDP only');
      expect(await linesOf(RULE, 'deploy/dns.yaml', deployment(udp + probe('readinessProbe', 'tcpSocket', 53)))).toEqual([17]);
    });

    test('HTTP and gRPC probes on a UDP-only port, since they connect over TCP too', async () => {
      const udp = '          ports:\n            - name: stats\n              containerPort: 8125\n              protocol: UDP\n';
      expect(await linesOf(RULE, 'deploy/a.yaml', deployment(udp + probe('livenessProbe', 'httpGet', 'stats')))).toEqual([18]);
      expect(await linesOf(RULE, 'deploy/a.yaml', deployment(udp + probe('livenessProbe', 'grpc', 8125)))).toEqual([17]);
    });

    test('native sidecars, bare Pods and Jobs alike: the probe fails wherever it is', async () => {
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: proxy\n      image: proxy:1.2.0\n      restartPolicy: Always\n      ports:\n        - name: admin\n          containerPort: 15000\n      startupProbe:\n        httpGet:\n          path: /ready\n          port: adm\n  containers:\n    - name: app\n      image: app:1.0.0\n';
      expect(await linesOf(RULE, 'deploy/p.yaml', pod)).toEqual([16]);
    });

    test('a Helm template whose ports and probe are literal', async () => {
      const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - name: web
              containerPort: {{ .Values.service.port }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
`;
      expect(await findingsOf(RULE, { ...CHART, 'chart/templates/deployment.yaml': template }).then((f) => f.map((x) => x.line))).toEqual([17]);
    });
  });

  describe('must not flag', () => {
    test('declared names, numbers, and TCP ports beside UDP ones of the same number', async () => {
      const body = WEB_AND_METRICS + probe('livenessProbe', 'httpGet', 'web') + probe('readinessProbe', 'tcpSocket', 8080) + probe('startupProbe', 'httpGet', 'metrics');
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(body))).toEqual([]);
      const dns = '          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n              protocol: TCP\n';
      expect(await linesOf(RULE, 'deploy/dns.yaml', deployment(dns + probe('livenessProbe', 'tcpSocket', 53)))).toEqual([]);
    });

    test('a number the container does not declare: the process may listen there anyway', async () => {
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(WEB_AND_METRICS + probe('livenessProbe', 'httpGet', 8081)))).toEqual([]);
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(probe('livenessProbe', 'tcpSocket', 5432)))).toEqual([]);
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(WEB_AND_METRICS + probe('livenessProbe', 'httpGet', '"8081"')))).toEqual([]);
    });

    test('exec probes, and containers without probes', async () => {
      const exec = '          livenessProbe:\n            exec:\n              command: [pg_isready]\n';
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(WEB_AND_METRICS + exec))).toEqual([]);
      expect(await linesOf(RULE, 'deploy/web.yaml', deployment(WEB_AND_METRICS))).toEqual([]);
    });

    test('Helm: a templated probe port, templated port names, or a port list that values may extend', async () => {
      const wrap = (body: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1.0.0
${body}`;
      const templatedProbe = wrap(WEB_AND_METRICS + probe('livenessProbe', 'httpGet', '{{ .Values.probePort }}'));
      const templatedName = wrap('          ports:\n            - name: {{ .Values.portName }}\n              containerPort: 8080\n' + probe('livenessProbe', 'httpGet', 'http'));
      const extended = wrap(WEB_AND_METRICS + '            {{- with .Values.extraPorts }}\n            {{- toYaml . | nindent 12 }}\n            {{- end }}\n' + probe('livenessProbe', 'httpGet', 'http'));
      const fromValues = wrap('          ports:\n            {{- toYaml .Values.ports | nindent 12 }}\n' + probe('livenessProbe', 'httpGet', 'http'));
      const hiddenKeys = wrap('          {{- include "web.ports" . | nindent 10 }}\n' + probe('livenessProbe', 'httpGet', 'http'));
      for (const text of [templatedProbe, templatedName, extended, fromValues, hiddenKeys]) {
        expect(await findingsOf(RULE, { ...CHART, 'chart/templates/deployment.yaml': text })).toEqual([]);
      }
    });

    test('a kustomize patch file, whose containers are fragments', async () => {
      const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n';
      const findings = await findingsOf(RULE, [
        added('overlays/prod/probe-patch.yaml', patch),
        context('overlays/prod/kustomization.yaml', 'resources:\n  - ../../base\npatches:\n  - path: probe-patch.yaml\n'),
        context('base/kustomization.yaml', 'resources:\n  - web.yaml\n'),
        context('base/web.yaml', deployment('          ports:\n            - name: http\n              containerPort: 8080\n')),
      ]);
      expect(findings).toEqual([]);
    });
  });
});
