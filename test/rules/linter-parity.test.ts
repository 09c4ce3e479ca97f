/**
 * Parity with the checks established Kubernetes linters make for the same anti-patterns
 * (kube-linter's *-port, default-service-account and env-var-secret checks, kube-score's
 * container-probes and networkpolicy-targets-pod, Polaris' probe checks): one labelled case per
 * line, must-catch (`true`) and must-not-flag (`false`). Where we decide differently from a
 * linter, the case says so. The table is scored as a whole too: recall at least 95%, false
 * alarms at most 5%.
 */
import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { workload } from '../helpers/manifests.js';

// Credential-shaped strings are assembled at run time so that this file holds none.
const KEY = ['k3Jf9P2+Qw8sLm4Vn7Xy1Zb6', 'Tc0Rd5Ge8Hf2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab=='].join('');
const PEM = `${['-----BEGIN', 'RSA PRIVATE', 'KEY-----'].join(' ')}\\nMIIEfake\\n${['-----END', 'RSA PRIVATE', 'KEY-----'].join(' ')}`;

type Files = Record<string, string>;
interface Case { name: string; rule: string; files: Files; fires: boolean }

const ports = (...lines: string[]): string[] => ['ports:', ...lines];
const probe = (kind: string, handler: string, port: string | number): string[] => [`${kind}:`, `  ${handler}:`, `    port: ${port}`];
const deploy = (body: string[], podLines: string[] = []): Files => ({ 'deploy/app.yaml': workload('Deployment', [{ body }], { podLines }) });
const env = (name: string, value: string): Files => deploy(['env:', `  - name: ${name}`, `    value: "${value}"`]);
const labelled = (kind: string, labels: Record<string, string>, namespace = 'shop'): string => [
  `apiVersion: ${kind === 'Pod' ? 'v1' : 'apps/v1'}`, `kind: ${kind}`, 'metadata:', '  name: api', `  namespace: ${namespace}`,
  ...(kind === 'Pod' ? ['  labels:', ...Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`), 'spec:', '  containers:', '    - name: api', '      image: api:1.0.0']
    : ['spec:', '  template:', '    metadata:', '      labels:', ...Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`), '    spec:', '      containers:', '        - name: api', '          image: api:1.0.0']),
].join('\n') + '\n';
const service = (app: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: shop\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n`;
const policy = (selector: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector: ${selector}\n`;
const ingress = (spec: string): Files => ({ 'deploy/ingress.yaml': `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n${spec}` });
const RULE_BACKEND = '      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n';

const CASES: Case[] = [
  // kube-linter liveness-port, readiness-port, startup-port.
  { name: 'liveness probe on an undeclared port name', rule: 'probe-port-not-exposed', fires: true, files: deploy([...ports('  - name: web', '    containerPort: 8080'), ...probe('livenessProbe', 'httpGet', 'http')]) },
  { name: 'readiness probe on an undeclared port name', rule: 'probe-port-not-exposed', fires: true, files: deploy([...ports('  - name: web', '    containerPort: 8080'), ...probe('readinessProbe', 'tcpSocket', 'admin')]) },
  { name: 'startup probe on a name and no ports at all', rule: 'probe-port-not-exposed', fires: true, files: deploy(probe('startupProbe', 'httpGet', 'http')) },
  { name: 'tcpSocket probe on a UDP port', rule: 'probe-port-not-exposed', fires: true, files: deploy([...ports('  - name: dns', '    containerPort: 53', '    protocol: UDP'), ...probe('livenessProbe', 'tcpSocket', 'dns')]) },
  { name: 'probe on a declared port name', rule: 'probe-port-not-exposed', fires: false, files: deploy([...ports('  - name: http', '    containerPort: 8080'), ...probe('livenessProbe', 'httpGet', 'http')]) },
  { name: 'probe on a declared port number', rule: 'probe-port-not-exposed', fires: false, files: deploy([...ports('  - containerPort: 8080'), ...probe('readinessProbe', 'httpGet', 8080)]) },
  // kube-linter flags this one; we do not (undeclared numbers are informational, see the rule's docs).
  { name: 'probe on an undeclared number', rule: 'probe-port-not-exposed', fires: false, files: deploy([...ports('  - containerPort: 8080'), ...probe('livenessProbe', 'httpGet', 8081)]) },
  { name: 'TCP probe on a port declared for TCP and UDP', rule: 'probe-port-not-exposed', fires: false, files: deploy([...ports('  - containerPort: 53', '    protocol: UDP', '  - containerPort: 53'), ...probe('livenessProbe', 'tcpSocket', 53)]) },

  // kube-linter default-service-account; Checkov CKV_K8S_38.
  { name: 'serviceAccountName: default', rule: 'automount-sa-token', fires: true, files: deploy([], ['serviceAccountName: default']) },
  { name: 'serviceAccount: default', rule: 'automount-sa-token', fires: true, files: deploy([], ['serviceAccount: default']) },
  { name: 'no service account', rule: 'automount-sa-token', fires: true, files: deploy([]) },
  { name: 'a dedicated service account', rule: 'automount-sa-token', fires: false, files: deploy([], ['serviceAccountName: api']) },
  { name: 'the default account without its token', rule: 'automount-sa-token', fires: false, files: deploy([], ['serviceAccountName: default', 'automountServiceAccountToken: false']) },

  // kube-linter env-var-secret; Checkov CKV_K8S_35.
  { name: 'DB_PASSWORD literal', rule: 'secret-in-env-value', fires: true, files: env('DB_PASSWORD', 'hunter2-pass') },
  { name: 'AZURE_BATCH_KEY with a base64 key', rule: 'secret-in-env-value', fires: true, files: env('AZURE_BATCH_KEY', KEY) },
  { name: 'OCI_CLI_KEY_CONTENT with a private key', rule: 'secret-in-env-value', fires: true, files: env('OCI_CLI_KEY_CONTENT', PEM) },
  { name: 'GITHUB_TOKEN literal', rule: 'secret-in-env-value', fires: true, files: env('GITHUB_TOKEN', 'not-a-real-token-but-literal') },
  { name: 'a connection string with a password', rule: 'secret-in-env-value', fires: true, files: env('ConnectionStrings__Db', 'Server=db;User Id=sa;Password=Str0ng-pass;') },
  { name: 'DB_PASSWORD_FILE path', rule: 'secret-in-env-value', fires: false, files: env('DB_PASSWORD_FILE', '/run/secrets/db') },
  { name: 'ROUTING_KEY word', rule: 'secret-in-env-value', fires: false, files: env('ROUTING_KEY', 'orders.created') },
  { name: 'AWS_ACCESS_KEY_ID (an identifier)', rule: 'secret-in-env-value', fires: false, files: env('AWS_ACCESS_KEY_ID', 'minio-admin') },
  { name: 'API_TOKEN from $(OTHER)', rule: 'secret-in-env-value', fires: false, files: env('API_TOKEN', '$(TOKEN)') },
  { name: 'PUBLIC_KEY', rule: 'secret-in-env-value', fires: false, files: env('JWT_PUBLIC_KEY', KEY) },

  // Ingress without TLS (kube-score ingress checks, Checkov's TLS checks).
  { name: 'host without tls', rule: 'ingress-without-tls', fires: true, files: ingress(`  rules:\n    - host: shop.acme.io\n${RULE_BACKEND}`) },
  { name: 'no host and no tls', rule: 'ingress-without-tls', fires: true, files: ingress(`  rules:\n    -${RULE_BACKEND.slice(5)}`) },
  { name: 'default backend only', rule: 'ingress-without-tls', fires: true, files: ingress('  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n') },
  { name: 'host with tls', rule: 'ingress-without-tls', fires: false, files: ingress(`  tls:\n    - hosts: [shop.acme.io]\n      secretName: t\n  rules:\n    - host: shop.acme.io\n${RULE_BACKEND}`) },

  // kube-score container-probes: readiness only when a Service targets the pod; Polaris skips init containers.
  { name: 'Deployment without readiness', rule: 'missing-readiness-probe', fires: true, files: deploy([]) },
  { name: 'Pod a Service selects', rule: 'missing-readiness-probe', fires: true, files: { 'deploy/pod.yaml': labelled('Pod', { app: 'api' }), 'deploy/svc.yaml': service('api') } },
  { name: 'Pod no Service selects', rule: 'missing-readiness-probe', fires: false, files: { 'deploy/pod.yaml': labelled('Pod', { app: 'api' }), 'deploy/svc.yaml': service('web') } },
  { name: 'Job', rule: 'missing-readiness-probe', fires: false, files: { 'deploy/job.yaml': workload('Job', [{}]) } },
  { name: 'log shipper sidecar', rule: 'missing-readiness-probe', fires: false, files: { 'deploy/app.yaml': workload('Deployment', [{ body: ['readinessProbe:', '  httpGet:', '    port: 8080'] }, { name: 'logs', image: 'fluent/fluent-bit:3.0.4' }]) } },

  // kube-score networkpolicy-targets-pod.
  { name: 'workload no policy selects', rule: 'namespace-without-network-policy', fires: true, files: { 'deploy/api.yaml': labelled('Deployment', { app: 'api' }), 'deploy/p.yaml': policy('{matchLabels: {app: web}}') } },
  { name: 'workload a policy selects', rule: 'namespace-without-network-policy', fires: false, files: { 'deploy/api.yaml': labelled('Deployment', { app: 'api' }), 'deploy/p.yaml': policy('{matchLabels: {app: api}}') } },
  { name: 'workload under a default-deny policy', rule: 'namespace-without-network-policy', fires: false, files: { 'deploy/api.yaml': labelled('Deployment', { app: 'api' }), 'deploy/p.yaml': policy('{}') } },
];

describe('parity with established linters', () => {
  test.each(CASES.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_rule, _name, c) => {
    expect((await findingsOf(c.rule, c.files)).length > 0).toBe(c.fires);
  });

  test('recall is at least 95% and false alarms at most 5% over the table', async () => {
    let caught = 0;
    let alarms = 0;
    for (const c of CASES) {
      const fired = (await findingsOf(c.rule, c.files)).length > 0;
      if (c.fires && fired) caught++;
      if (!c.fires && fired) alarms++;
    }
    const positives = CASES.filter((c) => c.fires).length;
    expect(positives).toBeGreaterThan(10);
    expect(caught / positives).toBeGreaterThanOrEqual(0.95);
    expect(alarms / (CASES.length - positives)).toBeLessThanOrEqual(0.05);
  });
});
