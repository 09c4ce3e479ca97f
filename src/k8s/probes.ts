/** Health probes of a container and a comparable description of their handlers. */
import { asMap, asSeq, child, scalarString, type YNode } from '../parse/yaml.js';
import type { Container } from './workloads.js';
import type { FileContext, Place } from '../engine/context.js';
import { containerAnchor } from './resources.js';
import { fieldsPatchedByKustomize, isKustomizePatch } from './kustomize-patches.js';
import { containerRole } from './sidecars.js';

export type ProbeName = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export interface Probe {
  keyNode?: YNode;
  node: YNode;
  /** A canonical string for the handler (`http GET /healthz 8080`), or undefined if unknown. */
  handler?: string;
}

export function probeOf(container: Container, name: ProbeName): Probe | undefined {
  const { doc, map } = container;
  const node = child(doc, map, name);
  if (node === undefined) return undefined;
  const probe = asMap(doc, node);
  const keyNode = map.items.find((p) => scalarString(doc, p.key) === name)?.key as YNode | undefined;
  return { keyNode, node, handler: probe ? describeHandler(container, probe) : undefined };
}

function describeHandler(container: Container, probe: NonNullable<ReturnType<typeof asMap>>): string | undefined {
  const { doc } = container;
  const http = asMap(doc, child(doc, probe, 'httpGet'));
  if (http) {
    const path = scalarString(doc, child(doc, http, 'path')) ?? '/';
    const port = scalarString(doc, child(doc, http, 'port')) ?? '';
    const host = scalarString(doc, child(doc, http, 'host')) ?? '';
    return `http ${host} ${port} ${path}`;
  }
  const tcp = asMap(doc, child(doc, probe, 'tcpSocket'));
  if (tcp) return `tcp ${scalarString(doc, child(doc, tcp, 'port')) ?? ''}`;
  const grpc = asMap(doc, child(doc, probe, 'grpc'));
  if (grpc) return `grpc ${scalarString(doc, child(doc, grpc, 'port')) ?? ''} ${scalarString(doc, child(doc, grpc, 'service')) ?? ''}`;
  const exec = asMap(doc, child(doc, probe, 'exec'));
  const command = asSeq(doc, child(doc, exec, 'command'));
  if (command) return `exec ${JSON.stringify(command.items.map((i) => scalarString(doc, i) ?? '?'))}`;
  return undefined;
}

/** Native sidecars are init containers with `restartPolicy: Always`: long-running, probed. */
export function isProbedContainer(container: Container): boolean {
  if (!container.workload.longRunning) return false;
  if (container.type === 'container') return true;
  if (container.type === 'initContainer') {
    return scalarString(container.doc, child(container.doc, container.map, 'restartPolicy')) === 'Always';
  }
  return false;
}

/**
 * Long-running containers without the probe that should have one. Unknown (templated) blocks are
 * left alone, and so are probes that a kustomize overlay patches in. Containers are judged by what
 * they are: mesh proxies get their probes from the injector, and a readiness probe is asked only of
 * the application (a sidecar serves the application, not the Service's traffic).
 */
export function containersMissingProbe(ctx: FileContext, name: ProbeName): Container[] {
  if (isKustomizePatch(ctx.allFiles, ctx.file)) return [];
  const containers = ctx.containers();
  return containers.filter((c) => {
    if (!isProbedContainer(c) || ctx.hasTemplateActions(c.span) || probeOf(c, name)) return false;
    const role = containerRole(c, containers);
    if (role === 'mesh-proxy' || (name === 'readinessProbe' && role === 'sidecar')) return false;
    return !fieldsPatchedByKustomize(ctx.allFiles, ctx.file, c).has(name);
  });
}

/** A container of a bare Pod: only something that sends it traffic (a Service) makes readiness matter. */
export function inBarePod(container: Container): boolean {
  return container.workload.object.kind === 'Pod';
}

/** Where and what a missing probe finding says (plain data, for a cross-file rule's gather). */
export function missingProbeFinding(ctx: FileContext, container: Container, explain: string): { at: Place; message: string } {
  return { at: ctx.place(containerAnchor(container), { span: container.span }), message: `${container.label}: ${explain}` };
}

/** Reports the containers without the probe (containersMissingProbe), those the filter keeps. */
export function reportMissingProbe(ctx: FileContext, name: ProbeName, explain: string, keep: (c: Container) => boolean = () => true): void {
  for (const c of containersMissingProbe(ctx, name)) {
    if (keep(c)) ctx.report(containerAnchor(c), `${c.label}: ${explain}`, { span: c.span });
  }
}

export type ProbeTimingField = 'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold';

/** What the API server fills in when a probe leaves a timing field out. */
export const PROBE_DEFAULTS: Readonly<Record<ProbeTimingField, number>> = {
  initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3,
};

export interface ProbeSetting {
  value: number;
  /** The written value's node; absent when the default applies. */
  node?: YNode;
}

/**
 * A timing field of a probe: its written value, or the API default when it is left out.
 * Undefined when it cannot be known (a templated value, or a probe that is not a plain map).
 */
export function probeSetting(container: Container, probe: Probe, field: ProbeTimingField): ProbeSetting | undefined {
  const { doc } = container;
  const map = asMap(doc, probe.node);
  if (!map) return undefined;
  const node = child(doc, map, field);
  if (node === undefined) return { value: PROBE_DEFAULTS[field] };
  const text = scalarString(doc, node);
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return { value: Number(text), node };
}

/** The parts of a probe handler that say what it reaches: HTTP path and host, TCP host, exec command. */
export type ProbeTarget =
  | { type: 'http'; path?: string; pathNode?: YNode; host?: string; hostNode?: YNode }
  | { type: 'tcp'; host?: string; hostNode?: YNode }
  | { type: 'exec'; command: string; node: YNode }
  | { type: 'other' };

export function probeTarget(container: Container, probe: Probe): ProbeTarget {
  const { doc } = container;
  const map = asMap(doc, probe.node);
  const http = asMap(doc, child(doc, map, 'httpGet'));
  if (http) {
    const pathNode = child(doc, http, 'path');
    const hostNode = child(doc, http, 'host');
    return { type: 'http', path: scalarString(doc, pathNode), pathNode, host: scalarString(doc, hostNode), hostNode };
  }
  const tcp = asMap(doc, child(doc, map, 'tcpSocket'));
  if (tcp) {
    const hostNode = child(doc, tcp, 'host');
    return { type: 'tcp', host: scalarString(doc, hostNode), hostNode };
  }
  const execNode = child(doc, asMap(doc, child(doc, map, 'exec')), 'command');
  const command = asSeq(doc, execNode);
  if (execNode && command) {
    return { type: 'exec', command: command.items.map((i) => scalarString(doc, i) ?? '').join(' '), node: execNode };
  }
  return { type: 'other' };
}
