import { defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { isKustomizePatch } from '../src/k8s/kustomize-patches.js';
import { declaredPorts, probePorts, type DeclaredPort, type ProbePort } from '../src/k8s/probe-ports.js';
import type { ProbeName } from '../src/k8s/probes.js';
import type { Container } from '../src/k8s/workloads.js';
import { keyNode } from '../src/parse/yaml.js';

/** What a probe that can never succeed does to the pod. */
const CONSEQUENCE: Record<ProbeName, string> = {
  livenessProbe: 'the kubelet restarts the container again and again',
  readinessProbe: 'the pod never becomes ready, so it never gets traffic and a rollout never completes',
  startupProbe: 'the container is killed and restarted before it ever gets going',
};
const PROBE_WORDS: Record<ProbeName, string> = { livenessProbe: 'liveness', readinessProbe: 'readiness', startupProbe: 'startup' };

export default defineRule({
  id: 'probe-port-not-exposed',
  antipattern: 11,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Probes must reach a port the container has',
    summary: 'A probe that names a port the container does not declare, or opens a TCP connection to a port declared as UDP, fails every time.',
    why: [
      'A probe port may be a number or the name of one of the container\'s own `ports`. The kubelet resolves a name only against that list:',
      'a name that is not there (a typo, a port renamed from `http` to `web`, a port that belongs to another container) cannot be resolved, so the check fails without ever reaching the process.',
      'HTTP, TCP and gRPC probes all connect over TCP, so a port declared only as UDP (or SCTP) is the wrong one.',
      'A failing liveness probe restarts the container forever, a failing readiness probe keeps the pod out of every Service, and a failing startup probe kills the container before it starts.',
    ].join(' ') + '\n\n' + [
      'A probe on a number that the container does not declare is not reported: declaring a port is informational,',
      'and a health or admin port that is only probed (and never put behind a Service) often goes undeclared on purpose.',
      'Ports written by Helm, and port lists that a template may extend, are never guessed at.',
    ].join(' '),
    fix: 'Point the probe at a port name from the container\'s `ports` (or at the number the process listens on), or add the missing port to `ports`. For a UDP service, probe a TCP port it also opens, or use an `exec` probe.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n          ports:\n            - name: web\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n          ports:\n            - name: web\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: web\n',
      },
      {
        path: 'deploy/dns.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dns\nspec:\n  template:\n    spec:\n      containers:\n        - name: dns\n          image: dns:2.1.0\n          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n          livenessProbe:\n            tcpSocket:\n              port: dns\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dns\nspec:\n  template:\n    spec:\n      containers:\n        - name: dns\n          image: dns:2.1.0\n          ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n            - name: dns-tcp\n              containerPort: 53\n              protocol: TCP\n          livenessProbe:\n            tcpSocket:\n              port: dns-tcp\n',
      },
    ],
  },
  check(ctx) {
    if (isKustomizePatch(ctx.allFiles, ctx.file)) return;
    for (const c of ctx.containers()) {
      const probes = probePorts(c);
      if (probes.length === 0) continue;
      const declared = declaredPorts(ctx, c);
      if (!declared.complete) continue;
      for (const p of probes) {
        const problem = p.name !== undefined ? namedPortProblem(p, p.name, declared.ports) : numberedPortProblem(p, p.number!, declared.ports);
        if (problem) report(ctx, c, p, problem);
      }
    }
  },
});

/** A name the container does not declare, or one declared with a protocol other than TCP. */
function namedPortProblem(p: ProbePort, name: string, ports: readonly DeclaredPort[]): string | undefined {
  if (ports.some((d) => d.unknown.name)) return undefined;
  const entry = ports.find((d) => d.name === name);
  if (!entry) {
    const names = ports.map((d) => d.name).filter((n): n is string => n !== undefined);
    const has = names.length > 0 ? `declares only ${names.map((n) => `"${n}"`).join(', ')}` : 'declares no named port';
    return `checks port "${name}", but the container ${has}: the kubelet cannot resolve the name, so the probe always fails`;
  }
  return entry.protocol === 'TCP' || entry.unknown.protocol ? undefined : wrongProtocol(p, `port "${name}"`, entry.protocol);
}

/** A number declared only with a protocol other than TCP. An undeclared number is not reported (see the docs). */
function numberedPortProblem(p: ProbePort, number: number, ports: readonly DeclaredPort[]): string | undefined {
  if (ports.some((d) => d.unknown.number)) return undefined;
  const entries = ports.filter((d) => d.number === number);
  if (entries.length === 0 || entries.some((d) => d.protocol === 'TCP' || d.unknown.protocol)) return undefined;
  return wrongProtocol(p, `port ${number}`, entries[0]!.protocol);
}

function wrongProtocol(p: ProbePort, port: string, protocol: string): string {
  const how = p.handler === 'tcpSocket' ? 'opens a TCP connection to' : p.handler === 'grpc' ? 'makes a gRPC call (over TCP) to' : 'makes an HTTP request (over TCP) to';
  return `${how} ${port}, which the container declares as ${protocol} only: the check can never connect`;
}

function report(ctx: FileContext, c: Container, p: ProbePort, problem: string): void {
  const key = ctx.lines(keyNode(c.map, p.probe));
  const probe = ctx.lines(p.probeNode);
  ctx.report(p.node, `${c.label}: the ${PROBE_WORDS[p.probe]} probe ${problem}, and ${CONSEQUENCE[p.probe]}. Probe a port the container declares (by name or number), or add the port to its ports.`, {
    span: key && probe ? [key[0], Math.max(key[1], probe[1])] : undefined,
  });
}
