/**
 * What a container is in its pod: the application, a sidecar that helps it, or a service-mesh
 * proxy that an injector manages. Probe rules judge each by what it is.
 */
import { isTemplated } from '../parse/helm-mask.js';
import { child, scalarString } from '../parse/yaml.js';
import { parseImage } from './image.js';
import type { Container } from './workloads.js';

export type ContainerRole = 'app' | 'sidecar' | 'mesh-proxy';

/** Proxies of a service mesh: the injector writes or merges their probes (`image: auto` is Istio's injection placeholder). */
const MESH_PROXY_NAMES = new Set(['istio-proxy', 'linkerd-proxy']);
const MESH_PROXY_IMAGES = new Set(['istio/proxyv2', 'proxyv2', 'linkerd/proxy', 'linkerd2-proxy', 'auto']);

/**
 * Images of helpers that run beside an application (last segment of the repository): proxies
 * to a database or an identity provider, log and telemetry shippers, config reloaders, git-sync,
 * and exporters.
 */
const HELPER_IMAGES = new Set([
  'envoy', 'envoy-alpine', 'envoy-distroless', 'cloud-sql-proxy', 'cloudsql-proxy', 'gce-proxy', 'alloydb-auth-proxy',
  'fluent-bit', 'fluentd', 'vector', 'filebeat', 'promtail', 'opentelemetry-collector', 'opentelemetry-collector-contrib',
  'opentelemetry-collector-k8s', 'otel-collector', 'jaeger-agent', 'git-sync', 'configmap-reload', 'prometheus-config-reloader',
  'k8s-sidecar', 'kube-rbac-proxy', 'oauth2-proxy', 'vault-agent', 'consul-template',
]);

function imageName(container: Container): string | undefined {
  if (container.image === undefined || isTemplated(container.image)) return undefined;
  const ref = parseImage(container.image);
  return ref.dynamic ? undefined : ref.name.toLowerCase();
}

function isMeshProxy(container: Container): boolean {
  if (MESH_PROXY_NAMES.has(container.name)) return true;
  const name = imageName(container);
  if (name === undefined) return false;
  const parts = name.split('/');
  return MESH_PROXY_IMAGES.has(name) || MESH_PROXY_IMAGES.has(parts.slice(-2).join('/')) || MESH_PROXY_IMAGES.has(parts[parts.length - 1]!);
}

function isHelperImage(container: Container): boolean {
  const last = imageName(container)?.split('/').pop();
  return last !== undefined && (HELPER_IMAGES.has(last) || last.endsWith('exporter'));
}

/** Native sidecars: init containers with `restartPolicy: Always` (Kubernetes 1.29+). */
export function isNativeSidecar(container: Container): boolean {
  return container.type === 'initContainer' && scalarString(container.doc, child(container.doc, container.map, 'restartPolicy')) === 'Always';
}

/**
 * The role of a container among the containers of its pod (`siblings` includes it). A helper
 * image is a sidecar only beside an application container: alone (an Envoy gateway, a Fluent Bit
 * DaemonSet) it is the application, and when every container is a helper the first one is.
 */
export function containerRole(container: Container, siblings: readonly Container[]): ContainerRole {
  if (isMeshProxy(container)) return 'mesh-proxy';
  if (isNativeSidecar(container)) return 'sidecar';
  if (container.type !== 'container' || !isHelperImage(container)) return 'app';
  const regular = siblings.filter((c) => c.workload === container.workload && c.type === 'container' && !isMeshProxy(c));
  if (regular.some((c) => !isHelperImage(c))) return 'sidecar';
  return regular[0] === container ? 'app' : 'sidecar';
}
