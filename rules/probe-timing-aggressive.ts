import { defineRule } from '../src/engine/rule.js';
import { isProbedContainer, probeOf, probeSetting, type ProbeName } from '../src/k8s/probes.js';

/** A liveness probe that gives up within this many seconds restarts on a pause, not a hang. */
const MIN_WINDOW_SECONDS = 5;

export default defineRule({
  id: 'probe-timing-aggressive',
  antipattern: 11,
  severity: 'hint',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Probe timings should tolerate a busy moment',
    summary: `A liveness or startup probe with \`failureThreshold: 1\`, or a liveness probe that gives up within ${MIN_WINDOW_SECONDS} seconds, restarts the container on one slow answer.`,
    why: [
      'A container is restarted after `failureThreshold` checks in a row fail, and a check fails when no answer comes within `timeoutSeconds` (1 s by default).',
      'With a threshold of 1, one garbage-collection pause or one burst of traffic is enough; with a very short period the same happens within a few seconds.',
      'The restart throws away in-flight work and warm caches and moves load to the other replicas, which then slow down too.',
      'Readiness probes are not reported: failing them only takes the pod out of rotation for a moment.',
    ].join(' '),
    fix: `Keep the defaults (\`periodSeconds: 10\`, \`failureThreshold: 3\`) or anything that allows several failures over at least ${MIN_WINDOW_SECONDS}–10 seconds, and raise \`timeoutSeconds\` for handlers that can be slow. React fast with the readiness probe instead, which stops traffic without a restart.`,
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.8.0\n      livenessProbe:\n        httpGet:\n          path: /healthz\n          port: 8080\n        periodSeconds: 2\n        timeoutSeconds: 1\n        failureThreshold: 1\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.8.0\n      livenessProbe:\n        httpGet:\n          path: /healthz\n          port: 8080\n        periodSeconds: 10\n        timeoutSeconds: 2\n        failureThreshold: 3\n',
      },
    ],
  },
  check(ctx) {
    for (const c of ctx.containers()) {
      if (!isProbedContainer(c)) continue;
      for (const name of ['livenessProbe', 'startupProbe'] as const satisfies readonly ProbeName[]) {
        const probe = probeOf(c, name);
        if (!probe) continue;
        const failures = probeSetting(c, probe, 'failureThreshold');
        const period = probeSetting(c, probe, 'periodSeconds');
        const timeout = probeSetting(c, probe, 'timeoutSeconds');
        if (!failures || !period || !timeout) continue;
        const window = failures.value * period.value;
        const settings = `failureThreshold ${failures.value}, periodSeconds ${period.value}, timeoutSeconds ${timeout.value}`;
        const noun = name === 'livenessProbe' ? 'liveness' : 'startup';
        let problem: string | undefined;
        if (failures.value === 1 && failures.node) problem = `restarts the container after a single failed check (${settings}): one answer slower than ${timeout.value} s kills it`;
        else if (name === 'livenessProbe' && window <= MIN_WINDOW_SECONDS && (failures.node || period.node)) problem = `restarts the container after ${window} s of slow answers (${settings}), shorter than an ordinary pause`;
        if (!problem) continue;
        ctx.report(probe.keyNode ?? probe.node, `${c.label}: the ${noun} probe ${problem}. Allow at least 3 failures over 10 s or more, and react quickly with the readiness probe instead.`, { span: ctx.lines(probe.node) });
      }
    }
  },
});
