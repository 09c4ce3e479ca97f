import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'ingress-without-tls';

function ingress(host: string, extraSpec = '', annotations = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop${annotations}
spec:${extraSpec}
  rules:
    - host: ${host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 80
`;
}

describe(RULE, () => {
  test('flags an Ingress with a host and no tls, on the host line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/ingress.yaml': ingress('shop.acme.io') });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[7, 'hint']]);
    expect(findings[0]!.message).toContain('Ingress shop serves shop.acme.io without a tls section');
  });

  test('does not flag an Ingress with tls', async () => {
    const tls = ingress('shop.acme.io', '\n  tls:\n    - hosts: [shop.acme.io]\n      secretName: shop-tls');
    expect(await linesOf(RULE, 'deploy/ingress.yaml', tls)).toEqual([]);
  });

  test('does not flag local or reserved host names', async () => {
    for (const host of ['shop.local', 'localhost', 'app.test', 'shop.127.0.0.1.nip.io']) {
      expect(await linesOf(RULE, 'deploy/ingress.yaml', ingress(host))).toEqual([]);
    }
  });

  test('does not flag TLS terminated by a cloud load balancer annotation', async () => {
    const alb = ingress('shop.acme.io', '', '\n  annotations:\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const gke = ingress('shop.acme.io', '', '\n  annotations:\n    networking.gke.io/managed-certificates: shop-cert');
    expect(await linesOf(RULE, 'deploy/alb.yaml', alb)).toEqual([]);
    expect(await linesOf(RULE, 'deploy/gke.yaml', gke)).toEqual([]);
  });

  test('does not flag Helm templates whose tls block is optional or whose spec comes from values', async () => {
    const chart = 'apiVersion: v2\nname: shop\nversion: 1.0.0\n';
    const optionalTls = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  {{- if .Values.ingress.tls }}
  tls:
    {{- toYaml .Values.ingress.tls | nindent 4 }}
  {{- end }}
  rules:
    - host: {{ .Values.ingress.host | quote }}
`;
    const annotationsFromValues = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    {{- toYaml .Values.ingress.annotations | nindent 4 }}
spec:
  rules:
    - host: shop.acme.io
`;
    const files = { 'chart/Chart.yaml': chart, 'chart/templates/ingress.yaml': optionalTls, 'chart/templates/ingress2.yaml': annotationsFromValues };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });

  test('flags a Helm template with templated hosts and no tls anywhere', async () => {
    const template = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  rules:
    - host: {{ .Values.ingress.host | quote }}
`;
    const findings = await findingsOf(RULE, { 'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n', 'chart/templates/ingress.yaml': template });
    expect(findings.map((f) => f.line)).toEqual([7]);
    expect(findings[0]!.message).toContain('serves its hosts without a tls section');
  });

  test('does not flag an Ingress for a local cluster', async () => {
    expect(await linesOf(RULE, 'k8s/minikube/ingress.yaml', ingress('shop.acme.io'))).toEqual([]);
  });

  describe('an Ingress with no host', () => {
    const defaultBackend = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: d\nspec:\n  defaultBackend:\n    service:\n      name: shop\n      port:\n        number: 80\n';
    const hostlessRule = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: catch-all
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 80
`;

    test('flags a default backend with no tls, on its key, as serving every host name', async () => {
      const findings = await findingsOf(RULE, { 'deploy/default.yaml': defaultBackend });
      expect(findings.map((f) => [f.line, f.span, f.severity])).toEqual([[6, [6, 10], 'hint']]);
      expect(findings[0]!.message).toContain('Ingress d has no host and no tls section, so it answers every host name');
    });

    test('flags a rule without a host, on the rule', async () => {
      expect(await linesOf(RULE, 'deploy/catch-all.yaml', hostlessRule)).toEqual([8]);
    });

    test('does not flag a host-less Ingress with tls, or one that terminates TLS by annotation', async () => {
      const tls = hostlessRule.replace('spec:\n', 'spec:\n  tls:\n    - secretName: default-tls\n');
      const alb = hostlessRule.replace('  name: catch-all\n', '  name: catch-all\n  annotations:\n    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc\n');
      expect(await linesOf(RULE, 'deploy/tls.yaml', tls)).toEqual([]);
      expect(await linesOf(RULE, 'deploy/alb.yaml', alb)).toEqual([]);
    });

    test('does not flag one for a local cluster, or beside rules for local host names only', async () => {
      expect(await linesOf(RULE, 'k8s/kind/ingress.yaml', hostlessRule)).toEqual([]);
      const local = hostlessRule.replace('  rules:\n', '  rules:\n    - host: shop.local\n      http:\n        paths: []\n');
      expect(await linesOf(RULE, 'deploy/local.yaml', local)).toEqual([]);
    });

    test('reports only the hosts when both hosts and a catch-all are there', async () => {
      const both = ingress('shop.acme.io').replace('  rules:\n', '  defaultBackend:\n    service:\n      name: shop\n      port:\n        number: 80\n  rules:\n');
      const findings = await findingsOf(RULE, { 'deploy/both.yaml': both });
      expect(findings.map((f) => f.line)).toEqual([12]);
      expect(findings[0]!.message).toContain('serves shop.acme.io without a tls section');
    });

    test('does not guess at Helm rules written by a range over values', async () => {
      const template = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  rules:
    {{- toYaml .Values.ingress.rules | nindent 4 }}
`;
      const findings = await findingsOf(RULE, { 'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n', 'chart/templates/ingress.yaml': template });
      expect(findings).toEqual([]);
    });
  });
});
