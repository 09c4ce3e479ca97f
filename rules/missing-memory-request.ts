import { defineRule } from '../src/engine/rule.js';
import { reportMissingResource } from '../src/k8s/resources.js';

export default defineRule({
  id: 'missing-memory-request',
  antipattern: 10,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Containers should request memory',
    summary: 'Without `resources.requests.memory` the scheduler places the pod as if it needed no memory.',
    why: [
      'The scheduler packs pods onto nodes by their requests. A container that requests nothing can land on a node that has no room for it,',
      'and under memory pressure pods that use more than they requested are evicted first.',
    ].join(' '),
    fix: 'Set `resources.requests.memory` to the usual working set of the container. A memory limit alone also works: Kubernetes then uses the limit as the request.',
    examples: [
      {
        path: 'deploy/worker.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: worker:2.0.1\n          resources:\n            requests:\n              cpu: 100m\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: worker:2.0.1\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      },
    ],
  },
  check(ctx) {
    reportMissingResource(ctx, 'requests.memory', () => 'no memory request (resources.requests.memory), so the scheduler cannot place the pod by its needs. Request its usual working set.', 'limits.memory');
  },
});
