import { defineRule } from '../src/engine/rule.js';
import { isProbedContainer, probeOf } from '../src/k8s/probes.js';

export default defineRule({
  id: 'same-liveness-readiness',
  antipattern: 11,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Liveness and readiness probes should check different things',
    summary: 'When both probes call the same endpoint, a busy pod is restarted instead of being taken out of rotation.',
    why: [
      'Readiness failing means "send me no traffic for now"; liveness failing means "kill and restart me".',
      'If both call the same handler, every moment of overload that should only pause traffic also restarts the container,',
      'which drops in-flight work and shifts more load onto the remaining pods.',
    ].join(' '),
    fix: 'Give each probe its own handler: liveness checks that the process is alive (`/healthz`), readiness checks that it can serve right now (`/ready`). If they must share one, give liveness a higher `failureThreshold` than readiness.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.0.0\n      livenessProbe:\n        httpGet:\n          path: /health\n          port: 8080\n      readinessProbe:\n        httpGet:\n          path: /health\n          port: 8080\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.0.0\n      livenessProbe:\n        httpGet:\n          path: /healthz\n          port: 8080\n      readinessProbe:\n        httpGet:\n          path: /ready\n          port: 8080\n',
      },
    ],
  },
  check(ctx) {
    for (const c of ctx.containers()) {
      if (!isProbedContainer(c)) continue;
      const liveness = probeOf(c, 'livenessProbe');
      const readiness = probeOf(c, 'readinessProbe');
      if (!liveness?.handler || liveness.handler !== readiness?.handler) continue;
      const both = ctx.lines(readiness.node);
      ctx.report(liveness.keyNode ?? liveness.node, `${c.label}: liveness and readiness probes use the same check (${liveness.handler.replace(/\s+/g, ' ').trim()}), so overload restarts the container instead of pausing its traffic. Give liveness its own, simpler check.`, { span: [ctx.lines(liveness.keyNode ?? liveness.node)?.[0] ?? c.span[0], both?.[1] ?? c.span[1]] });
    }
  },
});
