import { defineRule } from '../src/engine/rule.js';
import { reportMissingResource } from '../src/k8s/resources.js';

export default defineRule({
  id: 'missing-memory-limit',
  antipattern: 10,
  severity: 'error',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Containers must set a memory limit',
    summary: 'A container without `resources.limits.memory` can use all the memory of its node.',
    why: [
      'Memory is not compressible: when a node runs out, the kernel kills processes, and they may be your neighbours rather than the leaking container.',
      'A limit confines a leak to the container that has it; it is restarted and everything else keeps running.',
      'Many teams leave CPU unlimited on purpose, but a memory limit is always expected.',
    ].join(' '),
    fix: 'Measure the container under realistic peak load and set `resources.limits.memory` a little above the peak; a Vertical Pod Autoscaler in recommendation mode can suggest values.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.2.0\n          resources:\n            requests:\n              memory: 256Mi\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.2.0\n          resources:\n            requests:\n              memory: 256Mi\n            limits:\n              memory: 512Mi\n',
      },
    ],
  },
  check(ctx) {
    reportMissingResource(ctx, 'limits.memory', () => 'no memory limit (resources.limits.memory). A leak here can starve every pod on the node; set a limit from measured peak usage.');
  },
});
