/** Services, their type and ports, as the networking rules read them. */
import type { Document } from 'yaml';
import { asMap, asSeq, child, getPath, keyNode, scalarString, type YAMLMap, type YNode } from '../parse/yaml.js';
import { isTemplated } from '../parse/helm-mask.js';
import type { K8sObject } from './objects.js';

export interface ServiceType {
  /** `ClusterIP` when the field is absent (the API default); undefined when a template decides it. */
  value?: string;
  /** The `type:` value node, when the field is written. */
  node?: YNode;
}

export function isService(object: K8sObject): boolean {
  return object.kind === 'Service' && (object.apiVersion === 'v1' || isTemplated(object.apiVersion));
}

export function serviceSpec(object: K8sObject): YAMLMap | undefined {
  return asMap(object.doc, child(object.doc, object.map, 'spec'));
}

export function serviceType(object: K8sObject): ServiceType {
  const node = child(object.doc, serviceSpec(object), 'type');
  if (node === undefined) return { value: 'ClusterIP' };
  const value = scalarString(object.doc, node);
  if (value === undefined || isTemplated(value)) return { node };
  return { value, node };
}

/** The Service's pod selector as text: two Services with the same text select the same pods. */
export function selectorText(object: K8sObject): string {
  return JSON.stringify(getPath(object.doc, object.map, ['spec', 'selector'])?.toJSON?.() ?? null);
}

/** True for a Service with ports, all of them UDP. */
export function isUdpOnly(object: K8sObject): boolean {
  const ports = asSeq(object.doc, getPath(object.doc, object.map, ['spec', 'ports']))?.items ?? [];
  return ports.length > 0 && ports.every((p) => scalarString(object.doc, child(object.doc, asMap(object.doc, p), 'protocol')) === 'UDP');
}

export interface ServicePort {
  map: YAMLMap;
  /** The `port:` node (what the Service exposes), or the item itself. */
  node: YNode;
  port?: number;
  targetPort?: number;
  name?: string;
}

export function servicePorts(object: K8sObject): ServicePort[] {
  const { doc } = object;
  const out: ServicePort[] = [];
  for (const item of asSeq(doc, child(doc, serviceSpec(object), 'ports'))?.items ?? []) {
    const map = asMap(doc, item);
    if (!map) continue;
    const portNode = child(doc, map, 'port');
    out.push({
      map,
      node: portNode ?? map,
      port: numberOf(doc, portNode),
      targetPort: numberOf(doc, child(doc, map, 'targetPort')),
      name: scalarString(doc, child(doc, map, 'name')),
    });
  }
  return out;
}

function numberOf(doc: Document.Parsed, node: unknown): number | undefined {
  const text = scalarString(doc, node);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Annotations that make a cloud load balancer private to the network (AWS, GCP, Azure, OCI,
 * OpenStack, IBM, Alibaba): such a Service is not reachable from the internet.
 */
const INTERNAL_LB: ReadonlyArray<[string, RegExp]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', /^intranet$/i],
];

export function annotationsOf(object: K8sObject): YAMLMap | undefined {
  return asMap(object.doc, child(object.doc, asMap(object.doc, child(object.doc, object.map, 'metadata')), 'annotations'));
}

/** A load balancer kept inside the private network, or limited to given source ranges. */
export function isRestrictedLoadBalancer(object: K8sObject): boolean {
  const { doc } = object;
  const annotations = annotationsOf(object);
  for (const [key, value] of INTERNAL_LB) {
    const text = scalarString(doc, child(doc, annotations, key));
    if (text !== undefined && value.test(text.trim())) return true;
  }
  const ranges = asSeq(doc, child(doc, serviceSpec(object), 'loadBalancerSourceRanges'));
  return (ranges?.items.length ?? 0) > 0;
}

/** Well-known ports of datastores and brokers, which belong inside the cluster network. */
export const DATASTORE_PORTS: ReadonlyMap<number, string> = new Map([
  [5432, 'PostgreSQL'], [3306, 'MySQL/MariaDB'], [1433, 'SQL Server'], [1521, 'Oracle'],
  [6379, 'Redis'], [26379, 'Redis Sentinel'], [11211, 'Memcached'], [27017, 'MongoDB'],
  [9200, 'Elasticsearch'], [9300, 'Elasticsearch transport'], [9042, 'Cassandra'],
  [5672, 'AMQP (RabbitMQ)'], [15672, 'RabbitMQ management'], [9092, 'Kafka'], [2181, 'ZooKeeper'],
  [26257, 'CockroachDB'], [5984, 'CouchDB'], [8086, 'InfluxDB'], [7687, 'Neo4j Bolt'],
  [28015, 'RethinkDB'], [2379, 'etcd'], [4222, 'NATS'], [6432, 'PgBouncer'], [61616, 'ActiveMQ'],
]);

/** `LoadBalancer` or `NodePort`: the Service is reachable from outside the cluster. */
export function isExternalType(type: string | undefined): boolean {
  return type === 'LoadBalancer' || type === 'NodePort';
}

/** The key node of `type:` for anchoring, falling back to the Service's `spec:` key. */
export function typeAnchor(object: K8sObject): YNode | readonly [number, number] {
  const type = serviceType(object);
  return type.node ?? keyNode(object.map, 'spec') ?? [object.span[0], object.span[0]];
}

export interface ValuesServiceType {
  /** Dotted path of the setting, e.g. `controller.service.type`. */
  path: string;
  node: YNode;
  value: string;
}

/**
 * Service types set in chart values: `type` under any key ending in `service` (`service.type`,
 * `metricsService.type`), and keys named like `serviceType`.
 */
export function valuesServiceTypes(doc: Document.Parsed): ValuesServiceType[] {
  const out: ValuesServiceType[] = [];
  const walk = (node: unknown, path: string[], depth: number): void => {
    const map = asMap(doc, node);
    if (!map || depth > 20) return;
    for (const pair of map.items) {
      const key = scalarString(doc, pair.key);
      if (key === undefined || isTemplated(key)) continue;
      const value = scalarString(doc, pair.value);
      const last = path[path.length - 1] ?? '';
      const isType = (key === 'type' && /service$/i.test(last)) || /^(\w+[-_])?service[-_]?type$/i.test(key);
      if (isType && value !== undefined && !isTemplated(value)) out.push({ path: [...path, key].join('.'), node: pair.value as YNode, value });
      walk(pair.value, [...path, key], depth + 1);
    }
  };
  walk(doc.contents, [], 0);
  return out;
}
