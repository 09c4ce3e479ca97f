/** Must-flag and must-not-flag cases of the first nine rules (latest tag, resources, probes). */
import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { COMPLETE, workload } from '../helpers/manifests.js';

const CORE = ['image-latest-tag', 'missing-memory-limit', 'missing-memory-request', 'missing-cpu-request', 'missing-cpu-limit',
  'requests-exceed-limits', 'missing-readiness-probe', 'missing-liveness-probe', 'same-liveness-readiness'];

describe('a complete Deployment is clean', () => {
  test.each(CORE)('%s', async (rule) => {
    expect(await linesOf(rule, 'k8s/web.yaml', workload('Deployment', [{ body: COMPLETE }]))).toEqual([]);
  });
});

describe('image-latest-tag', () => {
  test.each(['nginx:latest', 'nginx', 'registry.local:5000/team/nginx', 'docker.io/library/nginx:latest'])('flags %s on the image line', async (image) => {
    const findings = await findingsOf('image-latest-tag', { 'k8s/web.yaml': workload('Deployment', [{ image, body: COMPLETE }]) });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toContain('Deployment web, container app');
  });

  test.each(['nginx:1.27.2', 'nginx@sha256:0123abcd', 'nginx:latest@sha256:0123abcd', 'registry.local:5000/nginx:1.2', '"{{ .Values.image }}"'])('does not flag %s', async (image) => {
    expect(await linesOf('image-latest-tag', 'k8s/web.yaml', workload('Deployment', [{ image }]))).toEqual([]);
  });

  test('mentions imagePullPolicy Always', async () => {
    const [f] = await findingsOf('image-latest-tag', { 'k8s/web.yaml': workload('Pod', [{ image: 'app:latest', body: ['imagePullPolicy: Always'] }]) });
    expect(f!.message).toContain('imagePullPolicy: Always');
  });

  test('init containers, CronJobs and List items are covered', async () => {
    expect(await linesOf('image-latest-tag', 'k8s/a.yaml', workload('Deployment', [{ body: COMPLETE }], { initContainers: [{ name: 'migrate', image: 'migrate:latest' }] }))).toEqual([28]);
    expect(await linesOf('image-latest-tag', 'k8s/b.yaml', workload('CronJob', [{ image: 'job' }]))).toEqual([13]);
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n    spec:\n      containers:\n        - name: c\n          image: busybox\n';
    expect(await linesOf('image-latest-tag', 'k8s/c.yaml', list)).toEqual([11]);
  });

  test('values image.tag and kustomize newTag', async () => {
    const chart = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
    expect((await findingsOf('image-latest-tag', { ...chart, 'chart/values.yaml': 'image:\n  repository: app\n  tag: latest\n' })).map((f) => f.line)).toEqual([3]);
    expect(await findingsOf('image-latest-tag', { ...chart, 'chart/values.yaml': 'image:\n  repository: app\n  tag: ""\n' })).toEqual([]);
    expect(await linesOf('image-latest-tag', 'overlays/dev/kustomization.yaml', 'images:\n  - name: app\n    newTag: latest\n')).toEqual([3]);
    expect(await linesOf('image-latest-tag', 'overlays/dev/kustomization.yaml', 'images:\n  - name: app\n    newTag: latest\n    digest: sha256:abc\n')).toEqual([]);
  });

  test('unknown kinds pass silently', async () => {
    expect(await linesOf('image-latest-tag', 'k8s/x.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  image: nginx\n')).toEqual([]);
  });
});

describe('resource rules', () => {
  const onlyRequests = ['resources:', '  requests:', '    cpu: 100m', '    memory: 128Mi'];
  const onlyLimits = ['resources:', '  limits:', '    cpu: 500m', '    memory: 256Mi'];

  test('no resources at all: every resource rule fires on the container name line', async () => {
    const text = workload('Deployment', [{ name: 'api' }]);
    for (const rule of ['missing-memory-limit', 'missing-memory-request', 'missing-cpu-request', 'missing-cpu-limit']) {
      const findings = await findingsOf(rule, { 'k8s/api.yaml': text });
      expect(findings.map((f) => [f.line, f.span])).toEqual([[9, [9, 10]]]);
    }
  });

  test('a limit implies the request', async () => {
    const text = workload('Deployment', [{ body: onlyLimits }]);
    expect(await linesOf('missing-memory-request', 'k8s/a.yaml', text)).toEqual([]);
    expect(await linesOf('missing-cpu-request', 'k8s/a.yaml', text)).toEqual([]);
  });

  test('requests alone still lack limits', async () => {
    const text = workload('Deployment', [{ body: onlyRequests }]);
    expect(await linesOf('missing-memory-limit', 'k8s/a.yaml', text)).toEqual([9]);
    expect(await linesOf('missing-cpu-limit', 'k8s/a.yaml', text)).toEqual([9]);
  });

  test('ephemeral containers are skipped; init containers are checked', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  ephemeralContainers:\n    - name: debug\n      image: busybox:1.36\n';
    expect(await linesOf('missing-memory-limit', 'k8s/p.yaml', pod)).toEqual([]);
    const init = workload('Deployment', [{ body: COMPLETE }], { initContainers: [{ name: 'init' }] });
    expect(await linesOf('missing-memory-limit', 'k8s/i.yaml', init)).toEqual([27]);
  });

  test('resources decided by a Helm template are unknown, not missing', async () => {
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image }}"\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n',
    };
    expect(await findingsOf('missing-memory-limit', files)).toEqual([]);
    expect(await findingsOf('missing-cpu-request', files)).toEqual([]);
  });

  test.each([
    ['memory', '1Gi', '512Mi', true], ['memory', '512Mi', '1Gi', false], ['memory', '1G', '1Gi', false], ['memory', '1.1G', '1Gi', true],
    ['cpu', '1', '500m', true], ['cpu', '500m', '1', false], ['cpu', '2', '2000m', false], ['cpu', '{{ .Values.cpu }}', '1', false],
  ])('requests-exceed-limits: %s request %s, limit %s → %s', async (resource, request, limit, flagged) => {
    const body = ['resources:', '  requests:', `    ${resource}: ${request}`, '  limits:', `    ${resource}: ${limit}`];
    expect(await linesOf('requests-exceed-limits', 'k8s/a.yaml', workload('Pod', [{ body }]))).toEqual(flagged ? [11] : []);
  });
});

describe('probe rules', () => {
  test('Deployments, StatefulSets, DaemonSets and long-running Pods need probes', async () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      expect(await linesOf('missing-readiness-probe', 'k8s/a.yaml', workload(kind, [{}]))).toHaveLength(1);
      expect(await linesOf('missing-liveness-probe', 'k8s/a.yaml', workload(kind, [{}]))).toHaveLength(1);
    }
    // A bare Pod needs a readiness probe only when a Service sends it traffic (see probe-sidecars.test.ts).
    expect(await linesOf('missing-liveness-probe', 'k8s/a.yaml', workload('Pod', [{}]))).toHaveLength(1);
  });

  test('Jobs, CronJobs, run-to-completion Pods and init containers need none', async () => {
    for (const text of [
      workload('Job', [{}]), workload('CronJob', [{}]), workload('Pod', [{}], { podLines: ['restartPolicy: Never'] }),
      workload('Deployment', [{ body: COMPLETE }], { initContainers: [{ name: 'migrate' }] }),
    ]) {
      expect(await linesOf('missing-readiness-probe', 'k8s/a.yaml', text)).toEqual([]);
      expect(await linesOf('missing-liveness-probe', 'k8s/a.yaml', text)).toEqual([]);
    }
  });

  test('native sidecars (init containers with restartPolicy Always) need probes', async () => {
    const text = workload('Deployment', [{ body: COMPLETE }], { initContainers: [{ name: 'proxy', body: ['restartPolicy: Always'] }] });
    expect(await linesOf('missing-liveness-probe', 'k8s/a.yaml', text)).toEqual([27]);
  });

  test('same-liveness-readiness compares handlers, not text', async () => {
    const same = ['livenessProbe:', '  httpGet: {path: /health, port: 8080}', '  periodSeconds: 10', 'readinessProbe:', '  httpGet:', '    port: 8080', '    path: /health', '  periodSeconds: 5'];
    expect(await linesOf('same-liveness-readiness', 'k8s/a.yaml', workload('Pod', [{ body: same }]))).toEqual([9]);
    const execSame = ['livenessProbe:', '  exec: {command: [cat, /tmp/ok]}', 'readinessProbe:', '  exec: {command: [cat, /tmp/ok]}'];
    expect(await linesOf('same-liveness-readiness', 'k8s/a.yaml', workload('Pod', [{ body: execSame }]))).toEqual([9]);
    const differentPort = ['livenessProbe:', '  tcpSocket: {port: 8080}', 'readinessProbe:', '  tcpSocket: {port: 9090}'];
    expect(await linesOf('same-liveness-readiness', 'k8s/a.yaml', workload('Pod', [{ body: differentPort }]))).toEqual([]);
    const onlyOne = ['livenessProbe:', '  tcpSocket: {port: 8080}'];
    expect(await linesOf('same-liveness-readiness', 'k8s/a.yaml', workload('Pod', [{ body: onlyOne }]))).toEqual([]);
  });
});

describe('image-latest-tag and kustomize', () => {
  test('an untagged base image that an overlay pins is fine; one left unpinned is flagged', async () => {
    const base = workload('Deployment', [{ name: 'worker', image: 'ghcr.io/shop/worker', body: COMPLETE }]);
    const overlay = 'resources:\n  - ../../base\nimages:\n  - name: ghcr.io/shop/worker\n    newTag: 2.3.1\n';
    expect(await findingsOf('image-latest-tag', { 'kustomize/base/worker.yaml': base, 'kustomize/base/kustomization.yaml': 'resources:\n  - worker.yaml\n', 'kustomize/overlays/prod/kustomization.yaml': overlay })).toEqual([]);
    const unpinned = overlay.replace('ghcr.io/shop/worker', 'ghcr.io/shop/other');
    expect((await findingsOf('image-latest-tag', { 'kustomize/base/worker.yaml': base, 'kustomize/overlays/prod/kustomization.yaml': unpinned })).map((f) => f.line)).toEqual([10]);
  });
});
