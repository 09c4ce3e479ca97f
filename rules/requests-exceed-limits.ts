import { defineRule } from '../src/engine/rule.js';
import { parseQuantity } from '../src/k8s/quantity.js';
import { resourcesOf, takesResources } from '../src/k8s/resources.js';

export default defineRule({
  id: 'requests-exceed-limits',
  antipattern: 10,
  severity: 'error',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Requests must not exceed limits',
    summary: 'A resource request larger than its limit is rejected by the API server.',
    why: 'Kubernetes refuses a container whose request is above its limit, so the rollout fails at apply time. It usually means a unit slipped (`512M` vs `512Mi`, `1` vs `1000m`) or one of the two numbers was changed without the other.',
    fix: 'Compare both values in the same unit and raise the limit or lower the request, so that the request is at most the limit.',
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        requests:\n          memory: 1Gi\n        limits:\n          memory: 512Mi\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1.0.0\n      resources:\n        requests:\n          memory: 512Mi\n        limits:\n          memory: 1Gi\n',
      },
    ],
  },
  check(ctx) {
    for (const c of ctx.containers()) {
      if (!takesResources(c)) continue;
      const resources = resourcesOf(ctx, c);
      for (const resource of ['cpu', 'memory'] as const) {
        const request = resources.get(`requests.${resource}`);
        const limit = resources.get(`limits.${resource}`);
        if (!request || !limit) continue;
        const r = parseQuantity(request.text);
        const l = parseQuantity(limit.text);
        if (r === undefined || l === undefined || r <= l) continue;
        ctx.report(request.node, `${c.label}: ${resource} request ${request.text} is larger than its limit ${limit.text}; the API server rejects this. Lower the request or raise the limit.`);
      }
    }
  },
});
