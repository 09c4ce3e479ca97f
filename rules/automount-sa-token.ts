import { crossFile, defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { mayHideKeys } from '../src/k8s/workload-template.js';
import type { Document } from 'yaml';
import { asMap, child, isNullNode, keyNode, scalarString, type YNode } from '../src/parse/yaml.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import type { K8sObject } from '../src/k8s/objects.js';

export default defineRule({
  id: 'automount-sa-token',
  antipattern: 3,
  severity: 'hint',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Pods that do not call the Kubernetes API should not get an API token',
    summary: 'A pod with no service account of its own still gets the namespace\'s `default` token mounted, unless `automountServiceAccountToken: false` says otherwise.',
    why: [
      'Kubernetes mounts a service-account token into every pod by default, at `/var/run/secrets/kubernetes.io/serviceaccount`.',
      'An ordinary service never needs it: it should not know it runs in Kubernetes at all. The token only widens what an attacker',
      'who gets into the container can do, and tempts the code into talking to the API server.',
      'A pod that names its own `serviceAccountName` is taken to need its token (an operator, a controller, a cloud identity) and is not reported;',
      'naming `default` is the same as naming none.',
    ].join(' '),
    fix: 'Set `automountServiceAccountToken: false` in the pod spec (or on the `default` ServiceAccount of the namespace). If the program does call the API, give it a dedicated ServiceAccount with only the permissions it needs and name it in `serviceAccountName`.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:2.0.1\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: web\n          image: web:2.0.1\n',
      },
    ],
  },
  // Whether some default ServiceAccount opts out is known only once every file (context files
  // included) has been read: gather reports the pods as it meets them, and finish withdraws them
  // all when an opt-out turned up (so a large repository's findings never wait in memory at once).
  crossFile: crossFile<OptOut>({
    kinds: ['manifest', 'helm-template'],
    gather(ctx, collect) {
      if (defaultAccountOptsOut(ctx.objects())) collect({ optsOut: true });
      if (ctx.file.source.status === 'unchanged') return;
      reportPods(ctx);
    },
    finish(ctx) {
      if (ctx.collected.length > 0) ctx.withdraw();
    },
  }),
});

/** A default ServiceAccount that opts out: it silences the rule everywhere. */
interface OptOut {
  optsOut: true;
}

/** Reports the pods of a changed file that run as the default account with its token mounted. */
function reportPods(ctx: FileContext): void {
  for (const w of ctx.workloads()) {
    const { doc, podSpec } = w;
    const automount = scalarString(doc, child(doc, podSpec, 'automountServiceAccountToken'));
    if (automount !== undefined) continue;
    if (namesOwnAccount(doc, child(doc, podSpec, 'serviceAccountName')) || namesOwnAccount(doc, child(doc, podSpec, 'serviceAccount'))) continue;
    if (mayHideKeys(ctx.file, podSpec)) continue;
    const spec = ctx.lines(podSpec) ?? w.object.span;
    const specKey = keyNode(asMap(doc, child(doc, w.object.map, 'spec')), 'template') ?? keyNode(w.object.map, 'spec');
    ctx.report(specKey ?? w.object.span[0], `${w.label}: the pod runs as the default service account and gets its API token mounted, which an ordinary service never uses. Set automountServiceAccountToken: false in the pod spec.`, { span: spec });
  }
}

/** A `default` ServiceAccount in the change or beside it that turns automounting off covers pods that use it. */
function defaultAccountOptsOut(objects: readonly K8sObject[]): boolean {
  return objects.some((o) => {
    if (o.kind !== 'ServiceAccount' || o.name !== 'default') return false;
    const value = scalarString(o.doc, child(o.doc, o.map, 'automountServiceAccountToken'));
    return value === 'false' || (value !== undefined && isTemplated(value));
  });
}

/**
 * A service account named in the pod spec, other than `default`: naming `default` (or leaving the
 * name empty) is the same as naming none. A templated name may be anything.
 */
function namesOwnAccount(doc: Document.Parsed, node: YNode | undefined): boolean {
  if (node === undefined) return false;
  const name = scalarString(doc, node);
  return name === undefined ? !isNullNode(doc, node) : name.trim() !== '' && name.trim() !== 'default';
}
