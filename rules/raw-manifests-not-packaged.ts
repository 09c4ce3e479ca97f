import { posix } from 'node:path';
import { crossFile, defineRule } from '../src/engine/rule.js';
import { pushTo, type FinishContext, type Place } from '../src/engine/context.js';
import type { FileKind } from '../src/model/types.js';
import { isReviewed, packageIndex } from '../src/k8s/workload-groups.js';
import { addedWorkloads, isDeployedManifest, isLooseManifest } from '../src/k8s/workload-packaging.js';

export default defineRule({
  id: 'raw-manifests-not-packaged',
  antipattern: 12,
  severity: 'hint',
  // Charts and kustomizations are read only to know which folders are packaged.
  kinds: ['manifest', 'kustomization', 'chart'],
  docs: {
    title: 'Package workloads as a Helm chart (or at least a kustomization)',
    summary: 'Workloads added as loose YAML files, outside any Helm chart or kustomization, become loose objects in the cluster with no release to roll back.',
    why: [
      'Applied with `kubectl apply -f`, plain manifests leave no trace of "the application" in the cluster: no release history, no `helm rollback`,',
      'no list of what belongs together, and objects deleted from git stay behind in the cluster. Helm records each release, and kustomize at least',
      'names the set of files that make up one deployment. Plain manifests can be a deliberate choice; this hint makes sure it is one.',
      'A folder with a `kustomization.yaml` at or above it, or inside a chart, counts as packaged; folders of tests, examples and docs are not reviewed.',
      'The hint is given once per folder, and only for workloads the change adds; bare Pods and Jobs (one-off runs) do not count.',
      'Files meant for a local cluster (a `local/`, `minikube/` or `kind/` folder, `values-local.yaml`) are not reported.',
    ].join(' '),
    fix: 'Turn the folder into a Helm chart (`helm create`, then move the manifests into `templates/`) and deploy it from a chart repository, or add a `kustomization.yaml` listing the files. If plain manifests are deliberate, switch this rule off in the config.',
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0.0\n',
        // The same application released from a chart (here through a Flux HelmRelease).
        good: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: web\n      version: 1.0.0\n      sourceRef:\n        kind: HelmRepository\n        name: company-charts\n',
      },
    ],
  },
  crossFile: crossFile<Fact>({
    kinds: ['manifest', 'kustomization', 'chart'],
    gather(ctx, collect) {
      const { file } = ctx;
      if (file.kind !== 'manifest') {
        collect({ path: file.path, kind: file.kind });
        return;
      }
      // Whether a chart or kustomization holds the file is decided in finish, once every path is known.
      if (!isReviewed(file) || !isDeployedManifest(file)) return;
      const added = addedWorkloads(file);
      const first = added[0];
      if (!first) return;
      collect({ path: file.path, kind: file.kind, names: added.map((o) => `${o.kind} ${o.name}`), at: ctx.place(first.span[0], { span: first.span }) });
    },
    finish(ctx) {
      const index = packageIndex(ctx.collected.filter((f) => f.kind !== 'manifest'));
      const byFolder = new Map<string, Array<{ names: string[]; at: Place }>>();
      for (const fact of [...ctx.collected].sort((a, b) => a.path.localeCompare(b.path))) {
        if (!fact.at || !isLooseManifest(fact, index)) continue;
        pushTo(byFolder, posix.dirname(fact.path), { names: fact.names, at: fact.at });
      }
      for (const [folder, files] of byFolder) reportFolder(ctx, folder, files);
    },
  }),
});

/** A Chart.yaml or kustomization (for the package index), or a reviewed manifest that adds workloads. */
type Fact =
  | { path: string; kind: Exclude<FileKind, 'manifest'>; names?: never; at?: never }
  | { path: string; kind: 'manifest'; names: string[]; at: Place };

/** Once per folder, on the first workload added (files in path order). */
function reportFolder(ctx: FinishContext<Fact>, folder: string, files: ReadonlyArray<{ names: string[]; at: Place }>): void {
  const names = files.flatMap((f) => f.names);
  const listed = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const where = folder === '.' ? 'the repository root' : `${folder}/`;
  ctx.report(files[0]!.at, `This change adds ${names.length === 1 ? 'a workload' : `${names.length} workloads`} in ${where} (${listed}) as plain manifests, outside any Helm chart or kustomization: the cluster gets loose objects with no release history or rollback. Package them as a chart, or add a kustomization.yaml.`, { key: `folder:${folder}` });
}
