import { defineRule } from '../src/engine/rule.js';
import { isLocalClusterPath } from '../src/k8s/workload-groups.js';
import { isService, serviceType, valuesServiceTypes } from '../src/k8s/services.js';
import { isConditional } from '../src/k8s/workload-template.js';

const ADVICE = 'Keep the Service ClusterIP and route outside traffic through an Ingress or Gateway (or one LoadBalancer in front of them).';

export default defineRule({
  id: 'nodeport-service',
  antipattern: 7,
  severity: 'warning',
  kinds: ['manifest', 'helm-template', 'helm-values'],
  docs: {
    title: 'Avoid NodePort Services',
    summary: 'A NodePort Service opens the same high port on every node of the cluster.',
    why: [
      'NodePort is the lowest level of exposure Kubernetes has: a port between 30000 and 32767 is opened on every node, whether or not it runs the pods.',
      'Clients have to know node addresses, which change as nodes come and go; the port range is small and shared by the whole cluster;',
      'and every node becomes a way in, often past the firewall rules that were written for the load balancer.',
      'It is usually a leftover from trying things out on minikube or kind.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Use a ClusterIP Service and expose HTTP through an Ingress or a Gateway; for other protocols use a Service of type LoadBalancer (one, shared where possible). In chart values, set `service.type: ClusterIP`.',
    examples: [
      {
        path: 'deploy/web-service.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n',
      },
      {
        path: 'chart/values.yaml',
        context: { 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
        bad: 'service:\n  type: NodePort\n  port: 80\n',
        good: 'service:\n  type: ClusterIP\n  port: 80\n',
      },
    ],
  },
  check(ctx) {
    if (isLocalClusterPath(ctx.path)) return;
    if (ctx.file.kind === 'helm-values') {
      for (const doc of ctx.file.yaml?.docs ?? []) {
        for (const setting of valuesServiceTypes(doc)) {
          if (setting.value !== 'NodePort') continue;
          ctx.report(setting.node, `Values ${setting.path} is NodePort: the chart opens a port on every node. ${ADVICE}`);
        }
      }
      return;
    }
    for (const o of ctx.objects()) {
      if (!isService(o)) continue;
      const type = serviceType(o);
      if (type.value !== 'NodePort' || !type.node) continue;
      const line = ctx.lines(type.node)?.[0] ?? o.span[0];
      if (isConditional(ctx.file, line, o.span[0])) continue;
      ctx.report(type.node, `Service ${o.name} is of type NodePort: it opens a port on every node of the cluster. ${ADVICE}`);
    }
  },
});
