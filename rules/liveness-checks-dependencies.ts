import { defineRule } from '../src/engine/rule.js';
import { isProbedContainer, probeOf, probeTarget, type ProbeTarget } from '../src/k8s/probes.js';
import { dependencyInPath, isRemoteHost, remoteHostInCommand } from '../src/k8s/workload-dependencies.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import type { YNode } from '../src/parse/yaml.js';

const ADVICE = 'when that dependency is slow, every pod fails liveness and is restarted at once. Let liveness check only the process itself and move dependency checks to readiness.';

export default defineRule({
  id: 'liveness-checks-dependencies',
  antipattern: 11,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Liveness probes must not check dependencies',
    summary: 'A liveness probe that checks a database or another service restarts healthy pods whenever that dependency has a bad moment.',
    why: [
      'Failing liveness means "this container is stuck, kill it". If the check includes the database, a slow database makes every pod of the service',
      'fail at the same time, and Kubernetes restarts them all: a short blip downstream becomes an outage here, and the restart storm',
      'adds load just when the dependency is struggling. Restarting this container cannot fix another service anyway.',
      'The rule looks for HTTP paths that name a dependency (`/health/db`, `/deep`, `/dependencies`, `?full=true`), probe `host` fields that',
      'point elsewhere, and commands that talk to another host (`pg_isready -h db`, `redis-cli -h cache`, `curl http://other-service/...`).',
    ].join(' '),
    fix: 'Give liveness a shallow endpoint (`/healthz`, `/livez`) that only proves the process can answer. Check dependencies in the readiness probe, if at all, so a broken dependency takes pods out of rotation without killing them.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:3.2.0\n          livenessProbe:\n            httpGet:\n              path: /health/db\n              port: 8080\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:3.2.0\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n          readinessProbe:\n            httpGet:\n              path: /health/db\n              port: 8080\n',
      },
    ],
  },
  check(ctx) {
    for (const c of ctx.containers()) {
      if (!isProbedContainer(c)) continue;
      const probe = probeOf(c, 'livenessProbe');
      const found = probe ? dependencyOf(probeTarget(c, probe)) : undefined;
      if (!probe || !found) continue;
      const block = ctx.lines(probe.node);
      const start = ctx.lines(probe.keyNode)?.[0];
      ctx.report(found.node, `${c.label}: the liveness probe ${found.what}: ${ADVICE}`, { span: block && start ? [start, block[1]] : block });
    }
  },
});

/** The part of a probe that reaches another service, and how to say so. */
function dependencyOf(target: ProbeTarget): { node: YNode; what: string } | undefined {
  if ((target.type === 'http' || target.type === 'tcp') && target.host && target.hostNode && !isTemplated(target.host) && isRemoteHost(target.host)) {
    return { node: target.hostNode, what: `calls host ${target.host}` };
  }
  if (target.type === 'http' && target.path && target.pathNode && !isTemplated(target.path)) {
    const dependency = dependencyInPath(target.path);
    if (dependency) return { node: target.pathNode, what: `checks ${target.path}, which names a dependency check (${dependency})` };
  }
  if (target.type === 'exec' && !isTemplated(target.command)) {
    const host = remoteHostInCommand(target.command);
    if (host) return { node: target.node, what: `runs a command that connects to ${host}` };
  }
  return undefined;
}
