import { crossFile, defineRule } from '../src/engine/rule.js';
import { touchesLines } from '../src/engine/filter.js';
import type { FileContext, Place } from '../src/engine/context.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import type { FileKind } from '../src/model/types.js';
import type { K8sObject } from '../src/k8s/objects.js';
import { isService, isUdpOnly, selectorText, serviceType, typeAnchor } from '../src/k8s/services.js';
import { deployUnitOf, describeUnit, isLocalClusterPath, isReviewed, packageIndex } from '../src/k8s/workload-groups.js';
import { isConditional } from '../src/k8s/workload-template.js';
import { lineSpan } from '../src/parse/yaml.js';

/** A Service written with `type: LoadBalancer`, as plain data. */
interface Balancer {
  /** Namespace and raw (masked) name: the same Service in two files is one Service. */
  id: string;
  name: string;
  /** The pod selector as text and whether all ports are UDP, to find mixed-protocol twins. */
  selector: string;
  udpOnly: boolean;
  /** Whether the change touched the `type:` lines, or any line of the object. */
  typeTouched: boolean;
  objectTouched: boolean;
  /** Where to report (the `type:` line), for a reviewed file only. */
  at?: Place;
}

/** What one file tells: its path and kind (for its deploy unit) and its balancers. */
interface FileFacts {
  path: string;
  kind: FileKind;
  reviewed: boolean;
  balancers: Balancer[];
}

/** A balancer with its file, once grouped. */
type Grouped = Balancer & { file: FileFacts };

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
  crossFile: crossFile<FileFacts>({
    kinds: ['manifest', 'helm-template', 'kustomization', 'chart'],
    gather(ctx, collect) {
      const { file } = ctx;
      const facts: FileFacts = { path: file.path, kind: file.kind, reviewed: isReviewed(file), balancers: balancersOf(ctx) };
      // Charts and kustomizations only tell where units are: collect them, and files with balancers.
      const marksUnit = packageIndex([file]);
      if (facts.balancers.length > 0 || marksUnit.charts.size + marksUnit.kustomizations.size > 0) collect(facts);
    },
    finish(ctx) {
      const index = packageIndex(ctx.collected);
      const groups = new Map<string, Map<string, Grouped>>();
      for (const file of ctx.collected) {
        if (file.balancers.length === 0) continue;
        const unit = deployUnitOf(file, index);
        const key = `${unit.type}:${unit.root}`;
        const group = groups.get(key) ?? new Map<string, Grouped>();
        // The same Service in two files is one Service (alternatives); prefer the reviewed copy.
        for (const b of file.balancers) {
          if (!group.has(b.id) || (file.reviewed && !group.get(b.id)!.file.reviewed)) group.set(b.id, { ...b, file });
        }
        groups.set(key, group);
      }
      for (const group of groups.values()) {
        const balancers = withoutUdpTwins([...group.values()]);
        if (balancers.length < 2) continue;
        const reviewed = balancers.filter((b) => b.file.reviewed);
        const target = reviewed.find((b) => b.typeTouched) ?? reviewed.find((b) => b.objectTouched) ?? reviewed[0];
        if (!target?.at) continue;
        const others = balancers.filter((b) => b !== target).map((b) => b.name);
        const unit = describeUnit(deployUnitOf(target.file, index));
        ctx.report(target.at, `Service ${target.name} is one of ${balancers.length} LoadBalancer Services in ${unit} (also ${others.join(', ')}): each buys its own cloud load balancer and address. Make them ClusterIP and route through one Ingress or Gateway.`);
      }
    },
  }),
});

/** The LoadBalancer Services of a manifest or template (none for a local cluster's files). */
function balancersOf(ctx: FileContext): Balancer[] {
  const { file } = ctx;
  if ((file.kind !== 'manifest' && file.kind !== 'helm-template') || isLocalClusterPath(file.path)) return [];
  const out: Balancer[] = [];
  for (const object of file.objects) {
    if (!isService(object) || !isLoadBalancer(file, object)) continue;
    const b: Balancer = {
      // The raw (masked) name keeps a template's literal suffixes: `{{ fullname }}-api` and `-admin` differ.
      id: `${object.namespace ?? ''}/${object.rawName}`,
      name: object.name,
      selector: selectorText(object),
      udpOnly: isUdpOnly(object),
      typeTouched: touchesLines(file.source, typeLines(file, object)),
      objectTouched: touchesLines(file.source, object.span),
    };
    if (isReviewed(file)) b.at = ctx.place(typeAnchor(object), { span: object.span });
    out.push(b);
  }
  return out;
}

function isLoadBalancer(file: ParsedFile, object: K8sObject): boolean {
  const type = serviceType(object);
  if (type.value !== 'LoadBalancer' || !type.node) return false;
  const line = file.yaml ? lineSpan(file.yaml, type.node)?.[0] : undefined;
  return !isConditional(file, line ?? object.span[0], object.span[0]);
}

function typeLines(file: ParsedFile, object: K8sObject): readonly [number, number] {
  const node = serviceType(object).node;
  return (file.yaml && node ? lineSpan(file.yaml, node) : undefined) ?? object.span;
}

/** A UDP-only Service selecting the same pods as another balancer is the other half of a mixed-protocol pair. */
function withoutUdpTwins<B extends Balancer>(balancers: B[]): B[] {
  return balancers.filter((b) => !(b.udpOnly && balancers.some((o) => o !== b && !o.udpOnly && o.selector === b.selector)));
}
