/**
 * The ports a container declares, and the port each probe handler reaches. A named probe port
 * resolves only against the container's own `ports` (the kubelet looks nowhere else), and the
 * HTTP, TCP and gRPC handlers all connect over TCP.
 */
import type { FileContext } from '../engine/context.js';
import { isTemplated } from '../parse/helm-mask.js';
import { asMap, asSeq, child, scalarString, type YNode } from '../parse/yaml.js';
import type { ProbeName } from './probes.js';
import { mayHideKeys, printsOutput } from './workload-template.js';
import type { Container } from './workloads.js';

export interface DeclaredPort {
  /** Undefined for an entry without a name, or one whose name is unknown (see `unknown`). */
  name?: string;
  number?: number;
  /** `TCP` when left out (the API default). */
  protocol: string;
  /** Fields a template writes (or may add): they may hold anything. */
  unknown: { name: boolean; number: boolean; protocol: boolean };
}

export interface DeclaredPorts {
  ports: DeclaredPort[];
  /** False when template actions may add entries we cannot see. */
  complete: boolean;
}

/** The container's `ports`, and whether that list is all there is. */
export function declaredPorts(ctx: FileContext, container: Container): DeclaredPorts {
  const { doc, map } = container;
  const node = child(doc, map, 'ports');
  if (node === undefined) return { ports: [], complete: !mayHideKeys(ctx.file, map) };
  const seq = asSeq(doc, node);
  if (!seq) return { ports: [], complete: false };
  const ports: DeclaredPort[] = [];
  for (const item of seq.items) {
    const entry = asMap(doc, item);
    if (!entry) {
      ports.push({ protocol: 'TCP', unknown: { name: true, number: true, protocol: true } });
      continue;
    }
    const hidden = mayHideKeys(ctx.file, entry);
    const name = scalarString(doc, child(doc, entry, 'name'));
    const number = scalarString(doc, child(doc, entry, 'containerPort'));
    const protocol = scalarString(doc, child(doc, entry, 'protocol')) ?? 'TCP';
    const nameUnknown = name !== undefined ? isTemplated(name) : hidden;
    ports.push({
      name: name === undefined || nameUnknown ? undefined : name,
      number: number !== undefined && /^\d+$/.test(number) ? Number(number) : undefined,
      protocol: protocol.toUpperCase(),
      unknown: {
        name: nameUnknown,
        number: number === undefined ? hidden : !/^\d+$/.test(number),
        protocol: isTemplated(protocol) || (child(doc, entry, 'protocol') === undefined && hidden),
      },
    });
  }
  return { ports, complete: !printsAround(ctx, ctx.lines(seq)) };
}

/** Template output inside the list or right below it (`{{- toYaml .Values.extraPorts | nindent 12 }}`). */
function printsAround(ctx: FileContext, span: [number, number] | undefined): boolean {
  const actions = ctx.file.templateActionLines;
  if (!span || !actions || actions.size === 0) return false;
  let last = span[1];
  while (actions.has(last + 1)) last++;
  for (let line = span[0]; line <= last; line++) {
    if (actions.has(line) && printsOutput(ctx.file.lines[line - 1] ?? '')) return true;
  }
  return false;
}

export type ProbeHandler = 'httpGet' | 'tcpSocket' | 'grpc';

export interface ProbePort {
  probe: ProbeName;
  handler: ProbeHandler;
  node: YNode;
  /** The probe as a whole, for the finding's span. */
  probeNode: YNode;
  /** A port name (`http`), or undefined for a number. */
  name?: string;
  number?: number;
}

const PROBES: readonly ProbeName[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS: readonly ProbeHandler[] = ['httpGet', 'tcpSocket', 'grpc'];

/** The ports the container's probes connect to; templated ports are left out (never guessed at). */
export function probePorts(container: Container): ProbePort[] {
  const { doc, map } = container;
  const out: ProbePort[] = [];
  for (const probe of PROBES) {
    const probeNode = child(doc, map, probe);
    const probeMap = asMap(doc, probeNode);
    if (!probeNode || !probeMap) continue;
    for (const handler of HANDLERS) {
      const node = child(doc, asMap(doc, child(doc, probeMap, handler)), 'port');
      const text = scalarString(doc, node)?.trim();
      if (!node || text === undefined || text === '' || isTemplated(text) || /[${}]/.test(text)) continue;
      if (/^\d+$/.test(text)) out.push({ probe, handler, node, probeNode, number: Number(text) });
      else out.push({ probe, handler, node, probeNode, name: text });
    }
  }
  return out;
}
