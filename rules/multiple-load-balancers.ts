import { defineRule } from '../src/engine/rule.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import type { K8sObject } from '../src/k8s/objects.js';
import { isService, serviceType, typeAnchor } from '../src/k8s/services.js';
import { deployUnitOf, describeUnit, isLocalClusterPath, isReviewed, packageIndex } from '../src/k8s/workload-groups.js';
import { isConditional } from '../src/k8s/workload-template.js';
import { asMap, asSeq, child, getPath, lineSpan, scalarString } from '../src/parse/yaml.js';

interface Balancer {
  file: ParsedFile;
  object: K8sObject;
}

export default defineRule({
  id: 'multiple-load-balancers',
  antipattern: 7,
  severity: 'warning',
  // Charts and kustomizations are read only to know which files deploy together.
  kinds: ['manifest', 'helm-template', 'kustomization', 'chart'],
  docs: {
    title: 'One load balancer per application, not one per Service',
    summary: 'Several Services of type LoadBalancer in one chart, kustomization or folder each buy a separate cloud load balancer and public address.',
    why: [
      'Every Service of type LoadBalancer makes the cloud provider create a load balancer, billed by the hour, with its own address, certificate and firewall rules to manage.',
      'An Ingress controller or a Gateway needs one load balancer for all of them and routes by host and path.',
      'Services with the same name count once (alternative files for one Service), and a UDP Service beside a TCP one for the same pods counts with it.',
      'Only Services written with `type: LoadBalancer` count; a type chosen in chart values is not known here.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Make the Services `ClusterIP` and route to them from one Ingress or Gateway (HTTP, gRPC, TLS passthrough). Keep a LoadBalancer only for protocols an Ingress cannot carry.',
    examples: [
      {
        path: 'deploy/services.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: LoadBalancer\n  selector:\n    app: api\n  ports:\n    - port: 80\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n',
      },
    ],
  },
  checkChange(ctx) {
    const index = packageIndex(ctx.files);
    const groups = new Map<string, Map<string, Balancer>>();
    for (const file of ctx.files) {
      if ((file.kind !== 'manifest' && file.kind !== 'helm-template') || isLocalClusterPath(file.path)) continue;
      const unit = deployUnitOf(file, index);
      for (const object of file.objects) {
        if (!isService(object) || !isLoadBalancer(file, object)) continue;
        const key = `${unit.type}:${unit.root}`;
        const group = groups.get(key) ?? new Map<string, Balancer>();
        // The raw (masked) name keeps a template's literal suffixes: `{{ fullname }}-api` and `-admin` differ.
        const id = `${object.namespace ?? ''}/${object.rawName}`;
        // The same Service in two files is one Service (alternatives); prefer the reviewed copy.
        if (!group.has(id) || (isReviewed(file) && !isReviewed(group.get(id)!.file))) group.set(id, { file, object });
        groups.set(key, group);
      }
    }
    for (const group of groups.values()) {
      const balancers = withoutUdpTwins([...group.values()]);
      if (balancers.length < 2) continue;
      const reviewed = balancers.filter((b) => isReviewed(b.file));
      const target = reviewed.find((b) => touched(b, typeLines(b))) ?? reviewed.find((b) => touched(b, b.object.span)) ?? reviewed[0];
      if (!target) continue;
      const others = balancers.filter((b) => b !== target).map((b) => b.object.name);
      const unit = describeUnit(deployUnitOf(target.file, index));
      ctx.report(target.file, typeAnchor(target.object), `Service ${target.object.name} is one of ${balancers.length} LoadBalancer Services in ${unit} (also ${others.join(', ')}): each buys its own cloud load balancer and address. Make them ClusterIP and route through one Ingress or Gateway.`, { span: target.object.span });
    }
  },
});

function isLoadBalancer(file: ParsedFile, object: K8sObject): boolean {
  const type = serviceType(object);
  if (type.value !== 'LoadBalancer' || !type.node) return false;
  const line = file.yaml ? lineSpan(file.yaml, type.node)?.[0] : undefined;
  return !isConditional(file, line ?? object.span[0], object.span[0]);
}

function typeLines(b: Balancer): readonly [number, number] {
  const node = serviceType(b.object).node;
  return (b.file.yaml && node ? lineSpan(b.file.yaml, node) : undefined) ?? b.object.span;
}

function touched(b: Balancer, [first, last]: readonly [number, number]): boolean {
  const lines = b.file.source.changedLines;
  if (lines === 'all') return true;
  for (let l = first; l <= last; l++) if (lines.has(l)) return true;
  return false;
}

/** A UDP-only Service selecting the same pods as another balancer is the other half of a mixed-protocol pair. */
function withoutUdpTwins(balancers: Balancer[]): Balancer[] {
  const selector = (b: Balancer): string => JSON.stringify(getPath(b.object.doc, b.object.map, ['spec', 'selector'])?.toJSON?.() ?? null);
  const udpOnly = (b: Balancer): boolean => {
    const ports = asSeq(b.object.doc, getPath(b.object.doc, b.object.map, ['spec', 'ports']))?.items ?? [];
    return ports.length > 0 && ports.every((p) => scalarString(b.object.doc, child(b.object.doc, asMap(b.object.doc, p), 'protocol')) === 'UDP');
  };
  return balancers.filter((b) => !(udpOnly(b) && balancers.some((o) => o !== b && !udpOnly(o) && selector(o) === selector(b))));
}
