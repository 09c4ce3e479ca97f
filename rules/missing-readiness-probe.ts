import { crossFile, defineRule } from '../src/engine/rule.js';
import type { FileContext, Place } from '../src/engine/context.js';
import type { FileKind } from '../src/model/types.js';
import type { Workload } from '../src/k8s/workloads.js';
import { isReviewed } from '../src/k8s/workload-groups.js';
import { containersMissingProbe, inBarePod, missingProbeFinding, reportMissingProbe } from '../src/k8s/probes.js';
import { podLabels, type Labels } from '../src/k8s/metrics.js';
import { mayBeSelectedByService, serviceIndex, serviceSelectorsOf, type ServiceSelector } from '../src/k8s/selectors.js';

const EXPLAIN = 'no readinessProbe, so it gets traffic before it can serve and while it is overloaded. Add a cheap readiness check.';

/** Kinds whose objects the Services may come from: every YAML kind (the old look-up read every file). */
const OBJECT_KINDS = ['manifest', 'helm-template', 'helm-values', 'chart', 'kustomization', 'gitops', 'ci'] as const;

/** A reviewed bare Pod's containers without readiness: reported if a Service may select the Pod. */
interface PodFact {
  namespace?: string;
  labels: Labels;
  missing: Array<{ at: Place; message: string }>;
}
/** A Service of any file (context included), or a bare Pod of a reviewed file. */
type Fact = { service: ServiceSelector } | { pod: PodFact };

/** The kinds this rule reviews (its `kinds`). */
const CHECKED: ReadonlySet<FileKind> = new Set(['manifest', 'helm-template']);

/** A reviewed file's bare Pods whose containers lack readiness, one fact per Pod, in file order. */
function barePodsMissingReadiness(ctx: FileContext): PodFact[] {
  if (!ctx.workloads().some((w) => w.object.kind === 'Pod')) return [];
  const pods = new Map<Workload, PodFact>();
  for (const c of containersMissingProbe(ctx, 'readinessProbe')) {
    if (!inBarePod(c)) continue;
    let pod = pods.get(c.workload);
    if (!pod) pods.set(c.workload, (pod = { namespace: c.workload.object.namespace, labels: podLabels(ctx.file, c.workload), missing: [] }));
    pod.missing.push(missingProbeFinding(ctx, c, EXPLAIN));
  }
  return [...pods.values()];
}

export default defineRule({
  id: 'missing-readiness-probe',
  antipattern: 11,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Long-running containers need a readiness probe',
    summary: 'Without a readiness probe, a pod receives traffic as soon as its process starts, ready or not.',
    why: [
      'The readiness probe answers one question: may this pod receive requests now? Without it, Kubernetes sends traffic the moment the container starts,',
      'before caches are warm or connections are open, and keeps sending it while the pod is overloaded. Rolling updates also cannot wait for new pods to be really ready.',
      'Jobs, CronJobs and init containers need no probes and are not checked.',
    ].join(' ') + '\n\n' + [
      'Only pods that something sends traffic to are asked for one: a bare Pod is reported only when a Service in the change or its folder may select it.',
      'Sidecars are judged by what they are: a native sidecar (an init container with `restartPolicy: Always`) or a well-known helper beside the application',
      '(Envoy, Cloud SQL Auth Proxy, Fluent Bit, Fluentd, Vector, the OpenTelemetry Collector, git-sync, config reloaders, exporters...) does not serve the Service\'s traffic itself,',
      'and the application\'s own readiness already says whether the pod can serve, so sidecars need no readiness probe here.',
      'Mesh proxies (`istio-proxy`, `linkerd-proxy`) get theirs from the mesh injector.',
    ].join(' '),
    fix: 'Add a `readinessProbe` that checks whether this instance can serve (an HTTP endpoint such as `/ready`, or a TCP port). Keep it cheap; it runs every few seconds.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n',
      },
      {
        path: 'deploy/debug.yaml',
        context: { 'deploy/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n' },
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-canary\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: web:1.1.0\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: toolbox\n  labels:\n    app: toolbox\nspec:\n  containers:\n    - name: toolbox\n      image: toolbox:3.2.0\n',
      },
    ],
  },
  check(ctx) {
    reportMissingProbe(ctx, 'readinessProbe', EXPLAIN, (c) => !inBarePod(c));
  },
  // A bare Pod gets traffic only if a Service selects it, and that Service may sit in any file.
  crossFile: crossFile<Fact>({
    kinds: OBJECT_KINDS,
    gather(ctx, collect) {
      for (const service of serviceSelectorsOf(ctx.file)) collect({ service });
      if (!isReviewed(ctx.file) || !CHECKED.has(ctx.file.kind)) return;
      for (const pod of barePodsMissingReadiness(ctx)) collect({ pod });
    },
    finish(ctx) {
      if (!ctx.collected.some((fact) => 'pod' in fact)) return;
      const services = serviceIndex(ctx.collected.flatMap((fact) => ('service' in fact ? [fact.service] : [])));
      for (const fact of ctx.collected) {
        if (!('pod' in fact) || !mayBeSelectedByService(services, fact.pod.namespace, fact.pod.labels)) continue;
        for (const { at, message } of fact.pod.missing) ctx.report(at, message);
      }
    },
  }),
});
