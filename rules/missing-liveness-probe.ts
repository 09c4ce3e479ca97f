import { defineRule } from '../src/engine/rule.js';
import { reportMissingProbe } from '../src/k8s/probes.js';

export default defineRule({
  id: 'missing-liveness-probe',
  antipattern: 11,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Long-running containers need a liveness probe',
    summary: 'Without a liveness probe, a container that hangs stays up and keeps its place forever.',
    why: [
      'A process can deadlock or stop making progress without exiting. Kubernetes only restarts what it knows is broken:',
      'the liveness probe is how it finds out. Without one, a stuck container keeps running until a person notices.',
      'Jobs, CronJobs and init containers need no probes and are not checked.',
      'Sidecars are checked too (a native sidecar, an Envoy or Cloud SQL proxy, a log shipper): a stuck helper cuts the application off just as surely, and only a restart fixes it.',
      'Mesh proxies (`istio-proxy`, `linkerd-proxy`) are not: the mesh injector gives them their probes.',
    ].join(' '),
    fix: 'Add a `livenessProbe` that checks only the process itself (for example `/healthz` answering from the main loop), never databases or other services, with timings that tolerate a slow moment.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n',
        good: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n',
      },
    ],
  },
  check(ctx) {
    reportMissingProbe(ctx, 'livenessProbe', 'no livenessProbe, so if it hangs Kubernetes never restarts it. Add a check of the process itself.');
  },
});
