import { crossFile, defineRule } from '../src/engine/rule.js';
import type { FileContext, Place } from '../src/engine/context.js';
import type { FileKind } from '../src/model/types.js';
import {
  exposesMetrics, mayMatch, podLabels, scraperFactsOf, serviceFactsOf, type Labels, type ScraperFacts, type ServiceFacts,
} from '../src/k8s/metrics.js';
import { deployUnitOf, isReviewed, packageIndex } from '../src/k8s/workload-groups.js';
import { selectorIndex } from '../src/k8s/selector-index.js';

/** A long-running workload of a reviewed file that says nothing about metrics itself. */
interface Unmonitored {
  label: string;
  pods: Labels;
  at: Place;
}

/** What one file tells: its path and kind (for its deploy unit), its Services, monitors and unmonitored workloads. */
interface FileFacts {
  path: string;
  kind: FileKind;
  reviewed: boolean;
  services: ServiceFacts[];
  scrapers: ScraperFacts[];
  workloads: Unmonitored[];
}

/** A Service or monitor with where it is deployed, for the "near" test. */
type Located<T> = T & { unit: string; reviewed: boolean };

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
  crossFile: crossFile<FileFacts>({
    kinds: ['manifest', 'helm-template', 'kustomization', 'chart'],
    gather(ctx, collect) {
      const facts = factsOf(ctx);
      // Charts and kustomizations only tell where units are: collect them, and files with objects that matter.
      const marksUnit = packageIndex([ctx.file]);
      if (facts.services.length + facts.scrapers.length + facts.workloads.length > 0 || marksUnit.charts.size + marksUnit.kustomizations.size > 0) collect(facts);
    },
    finish(ctx) {
      // No workload to judge (the usual case once workloads are annotated): the indexes are not worth building.
      if (!ctx.collected.some((f) => f.workloads.length > 0)) return;
      const index = packageIndex(ctx.collected);
      const unitKey = (f: FileFacts): string => { const u = deployUnitOf(f, index); return `${u.type}:${u.root}`; };
      const services: Array<Located<ServiceFacts>> = [];
      const scrapers: Array<Located<ScraperFacts>> = [];
      for (const f of ctx.collected) {
        const where = { unit: unitKey(f), reviewed: f.reviewed };
        for (const s of f.services) services.push({ ...s, ...where });
        for (const s of f.scrapers) scrapers.push({ ...s, ...where });
      }
      const selects = (svc: ServiceFacts, pods: Labels): boolean => svc.selector !== undefined && mayMatch(svc.selector, pods);
      // Indexed by selector: a workload meets only the Services and monitors that may select it.
      const servicesSelecting = selectorIndex(services, (svc) => svc.selector);
      const podScrapers = selectorIndex(scrapers.filter((s) => s.selects === 'pods'), (s) => s.selector);
      const serviceScrapers = selectorIndex(scrapers.filter((s) => s.selects === 'services'), (s) => s.selector);
      for (const file of ctx.collected) {
        if (file.workloads.length === 0) continue;
        const unit = unitKey(file);
        // Objects in the change count wherever they are; context files only within the same unit.
        const near = (other: Located<unknown>): boolean => other.reviewed || other.unit === unit;
        for (const { label, pods, at } of file.workloads) {
          const selecting = servicesSelecting(pods).filter((svc) => near(svc) && selects(svc, pods));
          const scraped =
            selecting.some((svc) => svc.scraped) ||
            podScrapers(pods).some((s) => near(s) && mayMatch(s.selector, pods)) ||
            selecting.some((svc) => serviceScrapers(svc.labels).some((s) => near(s) && mayMatch(s.selector, svc.labels)));
          if (scraped) continue;
          // A common slip: the ServiceMonitor selects the pod labels, but the Service does not carry them.
          const slip = serviceScrapers(pods).find((s) => near(s) && s.selector.known.size > 0 && mayMatch(s.selector, pods));
          const message = slip
            ? `${label}: ${slip.kind} ${slip.name} looks for Services labelled ${[...slip.selector.known].map(([k, v]) => `${k}=${v}`).join(', ')}, but no Service for these pods carries those labels, so nothing scrapes them. Add the labels to the Service's metadata.labels.`
            : `${label} exposes no metrics: no scrape annotations, no port named like metrics, and no ServiceMonitor or PodMonitor selects it. Expose /metrics and have it scraped, so a rollout can be judged by numbers.`;
          ctx.report(at, message);
        }
      }
    },
  }),
});

/** Services and monitors of any manifest; for reviewed files, the workloads that need a monitor. */
function factsOf(ctx: FileContext): FileFacts {
  const { file } = ctx;
  const facts: FileFacts = { path: file.path, kind: file.kind, reviewed: isReviewed(file), services: [], scrapers: [], workloads: [] };
  if (file.kind !== 'manifest' && file.kind !== 'helm-template') return facts;
  facts.services = serviceFactsOf(file);
  facts.scrapers = scraperFactsOf(file);
  if (!facts.reviewed) return facts;
  for (const w of ctx.workloads()) {
    if (!w.longRunning || exposesMetrics(file, w) !== 'no') continue;
    facts.workloads.push({ label: w.label, pods: podLabels(file, w), at: ctx.place(w.object.span[0], { span: w.object.span }) });
  }
  return facts;
}
