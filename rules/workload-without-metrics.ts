import { defineRule } from '../src/engine/rule.js';
import { exposesMetrics, mayMatch, podLabels, scrapersIn, servicesIn, type Labels, type ServiceRef } from '../src/k8s/metrics.js';
import { deployUnitOf, isReviewed, packageIndex } from '../src/k8s/workload-groups.js';
import { selectorIndex } from '../src/k8s/selector-index.js';
import { toWorkload } from '../src/k8s/workloads.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';

export default defineRule({
  id: 'workload-without-metrics',
  antipattern: 13,
  severity: 'hint',
  // Charts and kustomizations are read only to know which files deploy together.
  kinds: ['manifest', 'helm-template', 'kustomization', 'chart'],
  docs: {
    title: 'Long-running workloads should expose metrics',
    summary: 'A Deployment, StatefulSet or DaemonSet with no scrape annotations, no port named like metrics and no ServiceMonitor or PodMonitor gives nobody a way to tell whether a release works.',
    why: [
      'A running container is not a working application. Without metrics, the only signal after a deployment is whether users complain;',
      'with them, a rollout can be compared against the previous version and rolled back automatically (Argo Rollouts, Flagger).',
      'The rule looks for `prometheus.io/*` (or similar) annotations, a container port or flag named like `metrics`, an exporter sidecar,',
      'and a ServiceMonitor or PodMonitor in the change or in the same chart, kustomization or folder that selects the pods. Jobs and CronJobs',
      'are not reported, nor are Helm templates whose pod annotations come from values.',
    ].join(' '),
    fix: 'Expose a `/metrics` endpoint on a port named `metrics` (or `http-metrics`), and have it scraped: a ServiceMonitor or PodMonitor for the Prometheus Operator, or `prometheus.io/scrape` annotations for annotation-based discovery.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: api:2.3.1\n          ports:\n            - name: http\n              containerPort: 8080\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: api:2.3.1\n          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n',
      },
      {
        path: 'deploy/api.yaml',
        context: { 'deploy/monitor.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  podMetricsEndpoints:\n    - port: http\n' },
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    metadata:\n      labels:\n        app: worker\n    spec:\n      containers:\n        - name: worker\n          image: worker:2.3.1\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: api:2.3.1\n',
      },
    ],
  },
  checkChange(ctx) {
    const files = ctx.files.filter((f) => f.kind === 'manifest' || f.kind === 'helm-template');
    const index = packageIndex(ctx.files);
    const unitKey = (f: ParsedFile): string => { const u = deployUnitOf(f, index); return `${u.type}:${u.root}`; };
    // Objects in the change count wherever they are; context files only within the same unit.
    const near = (from: ParsedFile, other: ParsedFile): boolean => isReviewed(other) || unitKey(other) === unitKey(from);
    const scrapers = scrapersIn(files);
    const services = servicesIn(files);
    const selects = (svc: ServiceRef, pods: Labels): boolean => svc.selector !== undefined && mayMatch(svc.selector, pods);
    // Indexed by selector: a workload meets only the Services and monitors that may select it.
    const servicesSelecting = selectorIndex(services, (svc) => svc.selector);
    const podScrapers = selectorIndex(scrapers.filter((s) => s.selects === 'pods'), (s) => s.selector);
    const serviceScrapers = selectorIndex(scrapers.filter((s) => s.selects === 'services'), (s) => s.selector);
    for (const file of files) {
      if (!isReviewed(file)) continue;
      for (const object of file.objects) {
        const w = toWorkload(object);
        if (!w || !w.longRunning || exposesMetrics(file, w) !== 'no') continue;
        const pods = podLabels(file, w);
        const selecting = servicesSelecting(pods).filter((svc) => near(file, svc.file) && selects(svc, pods));
        const scraped =
          selecting.some((svc) => svc.scraped) ||
          podScrapers(pods).some((s) => near(file, s.file) && mayMatch(s.selector, pods)) ||
          selecting.some((svc) => serviceScrapers(svc.labels).some((s) => near(file, s.file) && mayMatch(s.selector, svc.labels)));
        if (scraped) continue;
        // A common slip: the ServiceMonitor selects the pod labels, but the Service does not carry them.
        const slip = serviceScrapers(pods).find((s) => near(file, s.file) && s.selector.known.size > 0 && mayMatch(s.selector, pods));
        const message = slip
          ? `${w.label}: ${slip.object.kind} ${slip.object.name} looks for Services labelled ${[...slip.selector.known].map(([k, v]) => `${k}=${v}`).join(', ')}, but no Service for these pods carries those labels, so nothing scrapes them. Add the labels to the Service's metadata.labels.`
          : `${w.label} exposes no metrics: no scrape annotations, no port named like metrics, and no ServiceMonitor or PodMonitor selects it. Expose /metrics and have it scraped, so a rollout can be judged by numbers.`;
        ctx.report(file, object.span[0], message, { span: object.span });
      }
    }
  },
});
