import { defineRule } from '../src/engine/rule.js';
import { environmentOfNamespace, type EnvironmentMatch } from '../src/k8s/environment.js';
import { walkValues } from '../src/helm/chart.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { child, getPath, scalarString } from '../src/parse/yaml.js';

/** Values keys that set the namespace a chart deploys to. */
const NAMESPACE_KEYS = ['namespace', 'namespaceOverride', 'targetNamespace'];

/** A fixed shared environment; `preview` namespaces are the dynamic kind this rule recommends. */
function sharedEnvironment(namespace: string | undefined): EnvironmentMatch | undefined {
  if (!namespace || isTemplated(namespace)) return undefined;
  const env = environmentOfNamespace(namespace);
  return env?.tier === 'non-production' && env.name !== 'preview' ? env : undefined;
}

const ADVICE = 'Leave the namespace to the deploy (`helm --namespace`, a kustomize overlay) so each pull request can get its own short-lived namespace.';

export default defineRule({
  id: 'hardcoded-env-namespace',
  antipattern: 8,
  severity: 'hint',
  kinds: ['manifest', 'helm-template', 'helm-values'],
  docs: {
    title: 'Do not hardcode a shared non-production namespace',
    summary: 'A manifest pinned to a namespace such as `staging` or `qa` can only ever deploy to that one shared environment.',
    why: [
      'A single permanent staging environment is shared by every change: nobody can tell whose change broke it, teams queue for it, and it drifts away from production.',
      'Writing its namespace into the manifests makes that the only place they can go.',
    ].join(' '),
    fix: [
      'Keep manifests free of environment namespaces and set the namespace when deploying.',
      'Then a pipeline can create a namespace per pull request (with its own ingress host), deploy there, and delete it when the pull request closes.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: staging\nspec:\n  ports:\n    - port: 80\n',
        good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n',
      },
    ],
  },
  check(ctx) {
    if (ctx.file.kind === 'helm-values') {
      if (!ctx.file.yaml) return;
      walkValues(ctx.file.yaml, (map, path, _key, doc) => {
        for (const key of NAMESPACE_KEYS) {
          const node = child(doc, map, key);
          const namespace = scalarString(doc, node);
          const env = sharedEnvironment(namespace);
          if (node && env) ctx.report(node, `Values ${[...path, key].join('.')} hardcodes the shared ${env.name} namespace "${namespace}". ${ADVICE}`);
        }
      });
      return;
    }
    for (const object of ctx.objects()) {
      // A SealedSecret is encrypted for one namespace and must name it.
      if (object.kind === 'Namespace' || object.kind === 'SealedSecret') continue;
      const node = getPath(object.doc, object.map, ['metadata', 'namespace']);
      const env = sharedEnvironment(object.namespace);
      if (node && env) ctx.report(node, `${object.kind} ${object.name}: namespace "${object.namespace}" hardcodes the shared ${env.name} environment. ${ADVICE}`);
    }
  },
});
