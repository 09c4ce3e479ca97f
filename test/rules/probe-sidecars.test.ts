/**
 * Which containers the missing-probe rules ask for probes: bare Pods only need readiness when a
 * Service sends them traffic, sidecars are judged by what they are, mesh proxies by their injector.
 */
import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';
import { COMPLETE, service, workload } from '../helpers/manifests.js';

const READINESS = 'missing-readiness-probe';
const LIVENESS = 'missing-liveness-probe';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: web:1.0.0
`;

describe('bare Pods and readiness', () => {
  test('a Pod that a Service in the change selects needs a readiness probe', async () => {
    const findings = await findingsOf(READINESS, { 'deploy/pod.yaml': POD, 'deploy/svc.yaml': service('app: web') });
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/pod.yaml', 9]]);
  });

  test('a Service among the context files counts too, and so does one in the same file', async () => {
    expect((await findingsOf(READINESS, [added('deploy/pod.yaml', POD), context('deploy/svc.yaml', service('app: web'))])).length).toBe(1);
    expect(await linesOf(READINESS, 'deploy/pod.yaml', `${POD}---\n${service('app: web')}`)).toEqual([9]);
  });

  test('a Pod that no Service selects needs none: nothing sends it traffic', async () => {
    expect(await linesOf(READINESS, 'deploy/pod.yaml', POD)).toEqual([]);
    expect(await findingsOf(READINESS, { 'deploy/pod.yaml': POD, 'deploy/svc.yaml': service('app: api') })).toEqual([]);
    expect(await findingsOf(READINESS, { 'deploy/pod.yaml': POD.replace('metadata:\n  name: web\n', 'metadata:\n  name: web\n  namespace: shop\n'), 'deploy/svc.yaml': service('app: web', 'other') })).toEqual([]);
    // A Service without a selector has its endpoints managed by hand: it selects no pod.
    const manual = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  ports:\n    - port: 80\n';
    expect(await findingsOf(READINESS, { 'deploy/pod.yaml': POD, 'deploy/svc.yaml': manual })).toEqual([]);
  });

  test('the Pod still needs a liveness probe, and Deployments need readiness without any Service', async () => {
    expect(await linesOf(LIVENESS, 'deploy/pod.yaml', POD)).toEqual([9]);
    expect(await linesOf(READINESS, 'deploy/web.yaml', workload('Deployment', [{}]))).toHaveLength(1);
  });
});

describe('sidecars', () => {
  const withSidecar = (image: string, name = 'helper'): string => workload('Deployment', [{ name: 'app', body: COMPLETE }, { name, image }]);

  test('a well-known helper beside the application needs a liveness probe but no readiness probe', async () => {
    for (const image of ['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0', 'envoyproxy/envoy:v1.30.1', 'fluent/fluent-bit:3.0.4', 'prom/statsd-exporter:v0.26.1', 'registry.k8s.io/git-sync/git-sync:v4.2.1']) {
      const text = withSidecar(image);
      expect(await linesOf(READINESS, 'deploy/web.yaml', text)).toEqual([]);
      expect(await linesOf(LIVENESS, 'deploy/web.yaml', text)).toEqual([26]);
    }
  });

  test('a native sidecar needs a liveness probe but no readiness probe', async () => {
    const text = workload('Deployment', [{ body: COMPLETE }], { initContainers: [{ name: 'proxy', body: ['restartPolicy: Always'] }] });
    expect(await linesOf(READINESS, 'deploy/web.yaml', text)).toEqual([]);
    expect(await linesOf(LIVENESS, 'deploy/web.yaml', text)).toEqual([27]);
  });

  test('mesh proxies get their probes from the injector: neither rule asks', async () => {
    for (const [name, image] of [['istio-proxy', 'auto'], ['proxy', 'docker.io/istio/proxyv2:1.22.0'], ['linkerd-proxy', 'cr.l5d.io/linkerd/proxy:stable-2.14.10']] as const) {
      const text = withSidecar(image, name);
      expect(await linesOf(READINESS, 'deploy/web.yaml', text)).toEqual([]);
      expect(await linesOf(LIVENESS, 'deploy/web.yaml', text)).toEqual([]);
    }
  });

  test('a helper image that runs alone is the application, and needs both probes', async () => {
    const gateway = workload('Deployment', [{ name: 'envoy', image: 'envoyproxy/envoy:v1.30.1' }]);
    expect(await linesOf(READINESS, 'deploy/gw.yaml', gateway)).toHaveLength(1);
    expect(await linesOf(LIVENESS, 'deploy/gw.yaml', gateway)).toHaveLength(1);
    // Only helpers: the first one is the application, the others are its sidecars.
    const shipper = workload('DaemonSet', [{ name: 'fluent-bit', image: 'fluent/fluent-bit:3.0.4' }, { name: 'reload', image: 'ghcr.io/jimmidyson/configmap-reload:v0.12.0' }]);
    expect(await linesOf(READINESS, 'deploy/logs.yaml', shipper)).toEqual([9]);
  });

  test('an unknown second container is an application container: both probes', async () => {
    const text = withSidecar('registry.example.com/worker:2.0.0');
    expect(await linesOf(READINESS, 'deploy/web.yaml', text)).toEqual([26]);
    expect(await linesOf(LIVENESS, 'deploy/web.yaml', text)).toEqual([26]);
  });
});
