import { defineRule } from '../src/engine/rule.js';
import { isLocalClusterPath } from '../src/k8s/workload-groups.js';
import type { FileContext } from '../src/engine/context.js';
import { statefulServiceOfChart, statefulServiceOfImage } from '../src/k8s/stateful-images.js';
import { asMap, asSeq, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { resolveContainerImage } from '../src/helm/images.js';

const ADVICE = 'Early in a move to Kubernetes, prefer a managed service or a VM for it, and let the cluster run the stateless parts.';

export default defineRule({
  id: 'stateful-service-in-cluster',
  antipattern: 15,
  severity: 'hint',
  kinds: ['manifest', 'helm-template', 'chart'],
  docs: {
    title: 'Think twice before running databases and brokers in the cluster',
    summary: 'A workload running a database, cache, message broker or artifact store image, or a chart depending on one, makes the cluster responsible for state.',
    why: [
      'Kubernetes is at its best with stateless services that can be killed and rescheduled at will. A database in the cluster needs persistent volumes,',
      'backups, upgrades, failover and careful disruption budgets, and a team that knows both the database and Kubernetes well.',
      'Managed services and VMs solve those problems already. This is advice, not an error: teams that run stateful services deliberately can turn it off.',
      'Only long-running containers count (a Job that runs `pg_dump` from a `postgres` image is a client), and tools named after a service',
      '(`redis-exporter`, `postgres-exporter`, `mongo-express`) are not the service.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Use the cloud provider\'s managed database, cache or queue, or run it on VMs, and give the application its address through configuration. If it must run in the cluster, use a maintained operator and plan backups and restores.',
    examples: [
      {
        path: 'deploy/db.yaml',
        bad: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: postgres\n          image: postgres:16.3\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db-metrics\nspec:\n  template:\n    spec:\n      containers:\n        - name: exporter\n          image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0\n',
      },
      {
        path: 'chart/Chart.yaml',
        bad: 'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: postgresql\n    version: 15.5.0\n    repository: oci://registry-1.docker.io/bitnamicharts\n',
        good: 'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 2.20.0\n    repository: oci://registry-1.docker.io/bitnamicharts\n',
      },
    ],
  },
  check(ctx) {
    if (isLocalClusterPath(ctx.path)) return;
    if (ctx.file.kind === 'chart') return checkChart(ctx);
    for (const w of ctx.workloads()) {
      if (!w.longRunning) continue;
      for (const c of ctx.containers()) {
        if (c.workload !== w || c.type !== 'container' || !c.image || !c.imageNode) continue;
        // A Helm image comes from the chart's values when they are at hand.
        const image = isTemplated(c.image) ? resolveContainerImage(ctx.file, ctx.allFiles, c)?.text : c.image;
        const service = image ? statefulServiceOfImage(image) : undefined;
        if (!service) continue;
        ctx.report(c.imageNode, `${c.label}: image "${image}" runs ${service} inside the cluster, with its data, backups and failover. ${ADVICE}`);
        break;
      }
    }
  },
});

function checkChart(ctx: FileContext): void {
  for (const doc of ctx.file.yaml?.docs ?? []) {
    for (const item of asSeq(doc, child(doc, asMap(doc, doc.contents), 'dependencies'))?.items ?? []) {
      const dep = asMap(doc, item);
      const nameNode = child(doc, dep, 'name');
      const name = scalarString(doc, nameNode);
      if (!name || isTemplated(name) || !nameNode) continue;
      const service = statefulServiceOfChart(name);
      if (!service) continue;
      const condition = scalarString(doc, child(doc, dep, 'condition'));
      const when = condition ? ` (when ${condition} is true)` : '';
      ctx.report(nameNode as YNode, `Chart dependency ${name} installs ${service} inside the cluster${when}, with its data, backups and failover. ${ADVICE}`);
    }
  }
}
