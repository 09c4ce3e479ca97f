import { defineRule } from '../src/engine/rule.js';
import { isProbedContainer, probeOf, probeSetting } from '../src/k8s/probes.js';
import { mayHideKeys } from '../src/k8s/workload-template.js';

/** Above this delay, a slow start is better handled by a startup probe. */
const LONG_DELAY_SECONDS = 60;

export default defineRule({
  id: 'liveness-without-startup-probe',
  antipattern: 11,
  severity: 'hint',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Slow starters need a startup probe, not a long liveness delay',
    summary: `A liveness probe that waits more than ${LONG_DELAY_SECONDS} seconds before its first check, with no startup probe, is a guess at the start time that fails both ways.`,
    why: [
      'A long `initialDelaySeconds` has to cover the slowest start ever seen. When a start takes longer (a cold cache, a busy node), liveness kills the',
      'container mid-start and it never comes up; when the process hangs soon after starting, nobody notices until the delay is over.',
      'A startup probe checks often while the program boots and hands over to liveness the moment it succeeds.',
    ].join(' '),
    fix: 'Add a `startupProbe` on the same endpoint with a short `periodSeconds` and a `failureThreshold` large enough that `failureThreshold × periodSeconds` covers the slowest start (for example 30 × 10 s), and drop the long `initialDelaySeconds` from the liveness probe.',
    examples: [
      {
        path: 'deploy/search.yaml',
        bad: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: search\nspec:\n  template:\n    spec:\n      containers:\n        - name: search\n          image: search:5.1.0\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 9000\n            initialDelaySeconds: 180\n',
        good: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: search\nspec:\n  template:\n    spec:\n      containers:\n        - name: search\n          image: search:5.1.0\n          startupProbe:\n            httpGet:\n              path: /healthz\n              port: 9000\n            periodSeconds: 10\n            failureThreshold: 30\n          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 9000\n',
      },
    ],
  },
  check(ctx) {
    for (const c of ctx.containers()) {
      if (!isProbedContainer(c) || probeOf(c, 'startupProbe')) continue;
      const liveness = probeOf(c, 'livenessProbe');
      if (!liveness) continue;
      const delay = probeSetting(c, liveness, 'initialDelaySeconds');
      if (!delay?.node || delay.value <= LONG_DELAY_SECONDS) continue;
      // A template may add the startup probe next to the ones we see.
      if (mayHideKeys(ctx.file, c.map)) continue;
      ctx.report(delay.node, `${c.label}: liveness waits ${delay.value} s before its first check and there is no startup probe. Add a startupProbe that allows for the slowest start and drop the long initialDelaySeconds.`, { span: ctx.lines(liveness.node) });
    }
  },
});
