import { defineRule } from '../src/engine/rule.js';
import { isLocalClusterPath } from '../src/k8s/workload-groups.js';
import { DATASTORE_PORTS, isExternalType, isRestrictedLoadBalancer, isService, servicePorts, serviceType } from '../src/k8s/services.js';
import { isConditional } from '../src/k8s/workload-template.js';

export default defineRule({
  id: 'internal-service-exposed',
  antipattern: 7,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Do not expose databases and brokers outside the cluster',
    summary: 'A LoadBalancer or NodePort Service on a datastore or broker port (5432, 3306, 6379, 27017, 9200, 5672, 9092...) puts it on the network for anyone who can reach the nodes or the load balancer.',
    why: [
      'Databases, caches and message brokers are meant to be reached by the services next to them, over the cluster network.',
      'A LoadBalancer gives them a public address by default, and a NodePort opens them on every node; their protocols are rarely encrypted',
      'and are among the first things scanners probe for. Load balancers marked internal by their cloud annotation, or limited with',
      '`loadBalancerSourceRanges`, are not reported.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Keep the Service `ClusterIP` and let clients inside the cluster use its DNS name. For access from outside (an admin, a job on a VM), use `kubectl port-forward`, a VPN, or an internal load balancer restricted to known source ranges.',
    examples: [
      {
        path: 'deploy/postgres-service.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: postgres\nspec:\n  type: LoadBalancer\n  selector:\n    app: postgres\n  ports:\n    - port: 5432\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: postgres\n  annotations:\n    networking.gke.io/load-balancer-type: Internal\nspec:\n  type: LoadBalancer\n  selector:\n    app: postgres\n  ports:\n    - port: 5432\n',
      },
    ],
  },
  check(ctx) {
    if (isLocalClusterPath(ctx.path)) return;
    for (const o of ctx.objects()) {
      if (!isService(o)) continue;
      const type = serviceType(o);
      if (!isExternalType(type.value) || !type.node) continue;
      if (isConditional(ctx.file, ctx.lines(type.node)?.[0] ?? o.span[0], o.span[0])) continue;
      if (type.value === 'LoadBalancer' && isRestrictedLoadBalancer(o)) continue;
      const exposed = servicePorts(o).flatMap((p) => {
        const number = [p.port, p.targetPort].find((n) => n !== undefined && DATASTORE_PORTS.has(n));
        return number === undefined ? [] : [{ ...p, number, what: DATASTORE_PORTS.get(number)! }];
      });
      const first = exposed[0];
      if (!first) continue;
      const list = [...new Set(exposed.map((p) => `${p.number} (${p.what})`))].join(', ');
      const reach = type.value === 'LoadBalancer' ? 'a load balancer that is public by default' : 'a port on every node';
      const t = ctx.lines(type.node);
      const p = ctx.lines(first.node);
      const span = t && p ? ([Math.min(t[0], p[0]), Math.max(t[1], p[1])] as const) : undefined;
      ctx.report(first.node, `Service ${o.name} exposes ${list} through ${reach}. Keep datastores and brokers on a ClusterIP Service, reachable only inside the cluster.`, { span });
    }
  },
});
