import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

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
