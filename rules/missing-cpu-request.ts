import { defineRule } from '../src/engine/rule.js';
import { reportMissingResource } from '../src/k8s/resources.js';

export default defineRule({
  id: 'missing-cpu-request',
  antipattern: 10,
  severity: 'warning',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Containers should request CPU',
    summary: 'Without `resources.requests.cpu` the container gets only leftover CPU time when the node is busy.',
    why: [
      'CPU requests decide both where a pod is scheduled and how CPU time is shared when a node is contended.',
      'A container that requests nothing is scheduled as if it were idle and is the first to slow down under load.',
    ].join(' '),
    fix: 'Set `resources.requests.cpu` to the CPU the container uses under normal load (for example `250m`). A CPU limit alone also works: Kubernetes then uses it as the request.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        limits:\n          memory: 256Mi\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        requests:\n          cpu: 250m\n        limits:\n          memory: 256Mi\n',
      },
    ],
  },
  check(ctx) {
    reportMissingResource(ctx, 'requests.cpu', () => 'no CPU request (resources.requests.cpu); under contention it gets only leftover CPU. Request what it uses under normal load.', 'limits.cpu');
  },
});
