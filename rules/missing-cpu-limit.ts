import { defineRule } from '../src/engine/rule.js';
import { reportMissingResource } from '../src/k8s/resources.js';

export default defineRule({
  id: 'missing-cpu-limit',
  antipattern: 10,
  severity: 'hint',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Consider a CPU limit',
    summary: 'A container without `resources.limits.cpu` may use every idle core of its node.',
    why: [
      'Without a CPU limit a busy container can take CPU its neighbours would have used, which makes performance depend on who shares the node.',
      'This is advice, not a rule: many teams deliberately set no CPU limit, because limits throttle a container even when the node is idle.',
      'If you rely on requests for fairness, switch this rule off in the config.',
    ].join(' '),
    fix: 'Set `resources.limits.cpu` where predictable latency matters more than using idle CPU, or turn this rule off (`rules: { missing-cpu-limit: off }`) if your policy is no CPU limits.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        requests:\n          cpu: 250m\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        requests:\n          cpu: 250m\n        limits:\n          cpu: "1"\n',
      },
    ],
  },
  check(ctx) {
    reportMissingResource(ctx, 'limits.cpu', () => 'no CPU limit (resources.limits.cpu). Set one if it must not take idle CPU from its neighbours.');
  },
});
