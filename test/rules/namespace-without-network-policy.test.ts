import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';

const RULE = 'namespace-without-network-policy';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    team: billing\n';
const policy = (namespace?: string, kind = 'NetworkPolicy', apiVersion = 'networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: default-deny\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  podSelector: {}\n`;

test('flags a new namespace with no policy, spanning the object', async () => {
  const findings = await findingsOf(RULE, { 'platform/ns.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${NAMESPACE}` });
  expect(findings.map((f) => [f.line, f.span, f.severity])).toEqual([[6, [6, 11], 'hint']]);
  expect(findings[0]!.message).toContain('Namespace payments has no NetworkPolicy');
});

test('a policy for another namespace does not count', async () => {
  expect((await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'platform/other/policy.yaml': policy('orders') })).length).toBe(1);
});

test('a policy in the same change, or a namespace-less one in the same folder, counts', async () => {
  expect(await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'apps/payments/policy.yaml': policy('payments') })).toEqual([]);
  expect(await findingsOf(RULE, [added('platform/payments/ns.yaml', NAMESPACE), context('platform/payments/policy.yaml', policy())])).toEqual([]);
  expect(await findingsOf(RULE, { 'platform/ns.yaml': `${NAMESPACE}---\n${policy('payments', 'CiliumNetworkPolicy', 'cilium.io/v2')}` })).toEqual([]);
});

test('a cluster-wide policy covers every namespace', async () => {
  expect(await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'platform/deny.yaml': policy(undefined, 'GlobalNetworkPolicy', 'projectcalico.org/v3') })).toEqual([]);
});

test('built-in namespaces and namespaces of unchanged files are not reported', async () => {
  expect(await findingsOf(RULE, { 'platform/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-system\n' })).toEqual([]);
  expect(await findingsOf(RULE, [context('platform/ns.yaml', NAMESPACE), added('platform/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n')])).toEqual([]);
});

describe('policies in Helm templates', () => {
  const CHART = 'apiVersion: v2\nname: payments\nversion: 1.0.0\n';

  test('a literal namespace covers that namespace, wherever the Namespace is', async () => {
    expect(await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/policy.yaml': `{{- if .Values.networkPolicy.enabled }}\n${policy('payments')}{{- end }}\n` })).toEqual([]);
  });

  test('a templated or absent namespace covers only Namespaces in the same chart', async () => {
    const templated = policy('{{ .Release.Namespace }}');
    const outside = await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/policy.yaml': templated });
    expect(outside.map((f) => [f.file, f.line])).toEqual([['platform/ns.yaml', 1]]);
    expect(await findingsOf(RULE, { 'charts/payments/extra/ns.yaml': NAMESPACE, 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/policy.yaml': templated })).toEqual([]);
    expect(await findingsOf(RULE, [added('charts/payments/extra/ns.yaml', NAMESPACE), context('charts/payments/Chart.yaml', CHART), context('charts/payments/templates/net/policy.yaml', policy())])).toEqual([]);
    expect((await findingsOf(RULE, { 'charts/orders/extra/ns.yaml': NAMESPACE, 'charts/orders/Chart.yaml': CHART, 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/policy.yaml': policy() })).length).toBe(1);
  });

  test('a policy in a template of another namespace does not count, and Namespaces in templates are not reported', async () => {
    expect((await findingsOf(RULE, { 'platform/ns.yaml': NAMESPACE, 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/policy.yaml': policy('orders') })).length).toBe(1);
    expect(await findingsOf(RULE, { 'charts/payments/Chart.yaml': CHART, 'charts/payments/templates/ns.yaml': NAMESPACE })).toEqual([]);
  });
});

describe('workloads that no NetworkPolicy selects', () => {
  const deployment = (name: string, labels: Record<string, string>, namespace?: string): string => [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:', '  template:', '    metadata:', '      labels:', ...Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`),
    '    spec:', '      containers:', `        - name: ${name}`, `          image: ${name}:1.0.0`,
  ].join('\n') + '\n';
  const selecting = (name: string, selector: string, namespace?: string, types = ''): string =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  podSelector:\n${selector}${types}`;
  const WEB_POLICY = selecting('web-allow', '    matchLabels:\n      app: web\n', 'shop');

  test('flags a new workload in a namespace whose policies are in view but select other pods, naming them', async () => {
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }, 'shop'), 'deploy/policies.yaml': WEB_POLICY });
    expect(findings.map((f) => [f.file, f.line, f.span, f.severity])).toEqual([['deploy/api.yaml', 1, [1, 14], 'hint']]);
    expect(findings[0]!.message).toContain('Deployment api: no NetworkPolicy of namespace shop selects its pods (labels: app=api)');
    expect(findings[0]!.message).toContain('Considered: web-allow (policies.yaml), which select app=web');
  });

  test('policies among the context files count, and so do ones without a namespace in the same folder', async () => {
    expect((await findingsOf(RULE, [added('deploy/api.yaml', deployment('api', { app: 'api' }, 'shop')), context('deploy/policies.yaml', WEB_POLICY)])).length).toBe(1);
    const findings = await findingsOf(RULE, [added('deploy/shop/api.yaml', deployment('api', { app: 'api' })), context('deploy/shop/policy.yaml', selecting('web-allow', '    matchLabels:\n      app: web\n'))]);
    expect(findings[0]!.message).toContain('no NetworkPolicy of the namespace of folder deploy/shop/ selects its pods');
  });

  test('evaluates matchExpressions: In, NotIn, Exists, DoesNotExist', async () => {
    const expr = (op: string, values = ''): string => selecting('p', `    matchExpressions:\n      - key: tier\n        operator: ${op}\n${values}`, 'shop');
    const api = deployment('api', { app: 'api', tier: 'backend' }, 'shop');
    const flagged = async (policy: string): Promise<number> => (await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/p.yaml': policy })).length;
    expect(await flagged(expr('In', '        values: [frontend]\n'))).toBe(1);
    expect(await flagged(expr('In', '        values: [frontend, backend]\n'))).toBe(0);
    expect(await flagged(expr('NotIn', '        values: [backend]\n'))).toBe(1);
    expect(await flagged(expr('NotIn', '        values: [frontend]\n'))).toBe(0);
    expect(await flagged(expr('Exists'))).toBe(0);
    expect(await flagged(expr('DoesNotExist'))).toBe(1);
  });

  test('does not flag a workload that a policy selects, or that an empty podSelector covers', async () => {
    expect(await findingsOf(RULE, { 'deploy/web.yaml': deployment('web', { app: 'web' }, 'shop'), 'deploy/policies.yaml': WEB_POLICY })).toEqual([]);
    const denyAll = selecting('default-deny', '    {}\n', 'shop').replace('podSelector:\n    {}', 'podSelector: {}');
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }, 'shop'), 'deploy/policies.yaml': `${WEB_POLICY}---\n${denyAll}` })).toEqual([]);
  });

  test('does not flag when no policy of its namespace is in view, or a cluster-wide one is', async () => {
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }, 'shop') })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }, 'shop'), 'deploy/policies.yaml': selecting('web-allow', '    matchLabels:\n      app: web\n', 'orders') })).toEqual([]);
    // No namespace on one side: the workload may land anywhere.
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }), 'deploy/policies.yaml': WEB_POLICY })).toEqual([]);
    const global = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deny\nspec:\n  selector: all()\n';
    expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment('api', { app: 'api' }, 'shop'), 'deploy/policies.yaml': WEB_POLICY, 'deploy/global.yaml': global })).toEqual([]);
  });

  test('does not guess at selectors it cannot read: Calico expressions, Cilium source prefixes, Helm templates', async () => {
    const api = deployment('api', { app: 'api' }, 'shop');
    const calico = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: app == "web"\n';
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  endpointSelector:\n    matchLabels:\n      k8s:app: web\n';
    const helm = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      {{- include "web.selectorLabels" . | nindent 6 }}\n';
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/calico.yaml': calico })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/cilium.yaml': cilium })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n', 'charts/web/templates/policy.yaml': helm })).toEqual([]);
    // A Cilium policy with plain labels is read like a podSelector.
    const ciliumPlain = cilium.replace('k8s:app: web', 'app: web');
    expect((await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/cilium.yaml': ciliumPlain })).length).toBe(1);
  });

  test('only workloads the change adds: an edited one is left alone', async () => {
    const base = deployment('api', { app: 'api' }, 'shop');
    const edited = base.replace('api:1.0.0', 'api:1.1.0');
    expect(await findingsOf(RULE, [modified('deploy/api.yaml', base, edited), context('deploy/policies.yaml', WEB_POLICY)])).toEqual([]);
    const withNew = `${base}---\n${deployment('worker', { app: 'worker' }, 'shop')}`;
    const findings = await findingsOf(RULE, [modified('deploy/api.yaml', base, withNew), context('deploy/policies.yaml', WEB_POLICY)]);
    expect(findings.map((f) => f.message.split(':')[0])).toEqual(['Deployment worker']);
  });
});

describe('policies that isolate only ingress', () => {
  const policy = (name: string, app: string | undefined, types: string): string =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector:${app ? `\n    matchLabels:\n      app: ${app}` : ' {}'}\n  policyTypes: [${types}]\n`;

  test('flags a new ingress-only policy when the other policies of its namespace isolate both directions', async () => {
    const findings = await findingsOf(RULE, [added('deploy/api-policy.yaml', policy('api', 'api', 'Ingress')), context('deploy/web-policy.yaml', policy('web', 'web', 'Ingress, Egress'))]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/api-policy.yaml', 10]]);
    expect(findings[0]!.message).toContain('NetworkPolicy api isolates only ingress, while the other policies of namespace shop (web (web-policy.yaml)) isolate both');
    expect(findings[0]!.message).toContain('the pods it selects (app=api) may still connect anywhere');
  });

  test('a policy with no policyTypes and no egress rules isolates ingress only (the API default)', async () => {
    const implicit = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - {}\n';
    expect((await findingsOf(RULE, { 'deploy/api-policy.yaml': implicit, 'deploy/web-policy.yaml': policy('web', 'web', 'Ingress, Egress') })).length).toBe(1);
  });

  test('does not flag when egress is already isolated for its pods, or when the namespace does not isolate egress', async () => {
    const api = policy('api', 'api', 'Ingress');
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/deny.yaml': policy('default-deny', undefined, 'Ingress, Egress') })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/api-egress.yaml': policy('api-egress', 'api', 'Ingress, Egress') })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/web.yaml': policy('web', 'web', 'Ingress') })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api, 'deploy/web.yaml': policy('web', 'web', 'Ingress, Egress'), 'deploy/db.yaml': policy('db', 'db', 'Ingress') })).toEqual([]);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': api })).toEqual([]);
  });
});

describe('context (unchanged) files', () => {
  const twoWay = (name: string, app: string): string =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress, Egress]\n`;
  const ingressOnly = twoWay('api', 'api').replace('[Ingress, Egress]', '[Ingress]');

  test('a cluster-wide policy in a context file silences the rule', async () => {
    const global = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: deny\nspec:\n  selector: all()\n';
    expect(await findingsOf(RULE, [added('platform/ns.yaml', NAMESPACE), added('deploy/api.yaml', ingressOnly), context('deploy/web.yaml', twoWay('web', 'web')), context('cluster/global.yaml', global)])).toEqual([]);
    expect((await findingsOf(RULE, [added('platform/ns.yaml', NAMESPACE), added('deploy/api.yaml', ingressOnly), context('deploy/web.yaml', twoWay('web', 'web'))])).length).toBe(2);
  });

  test('an ingress-only policy of a context file is not reported, but counts among the others', async () => {
    expect(await findingsOf(RULE, [context('deploy/api.yaml', ingressOnly), added('deploy/web.yaml', twoWay('web', 'web'))])).toEqual([]);
  });

  test('a policy of the same name in another file is another policy', async () => {
    const findings = await findingsOf(RULE, [added('deploy/api.yaml', ingressOnly), context('deploy/shop/api.yaml', twoWay('api', 'web'))]);
    expect(findings.map((f) => f.file)).toEqual(['deploy/api.yaml']);
    expect(findings[0]!.message).toContain('the other policies of namespace shop (api (api.yaml)) isolate both');
  });
});
