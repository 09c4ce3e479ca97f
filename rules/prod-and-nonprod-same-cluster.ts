import type { Document } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import { pushTo, type Anchor, type ChangeContext } from '../src/engine/context.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import { environmentOfCluster, environmentOfPath, environmentOfTarget, type EnvironmentMatch } from '../src/k8s/environment.js';
import { gitopsTargets } from '../src/k8s/gitops.js';
import { clusterDeploys, environmentOfClusterName } from '../src/ci/cluster-deploys.js';
import { asSeq, getPath, scalarString, type YNode } from '../src/parse/yaml.js';

const ADVICE = 'Run production in a cluster of its own; namespaces do not keep a test run away from production data.';

/** One deployment to a cluster: an Argo CD / Flux target, or a deploy command of a CI job. */
interface Member {
  file: ParsedFile;
  /** `Application shop-prod`, `Job deploy-prod` */
  label: string;
  env: EnvironmentMatch;
  /** What told the environment of a CI deploy: `namespace shop-staging`. */
  detail?: string;
  clusterLabel: string;
  clusterEnv?: EnvironmentMatch;
  anchor: Anchor;
  key?: string;
}

export default defineRule({
  id: 'prod-and-nonprod-same-cluster',
  antipattern: 9,
  severity: 'warning',
  // helm-template: Argo CD Applications rendered by a chart (the "app of apps" pattern) and Flux objects in charts.
  kinds: ['gitops', 'ci', 'kustomization', 'helm-template'],
  docs: {
    title: 'Keep production and non-production in separate clusters',
    summary: 'One cluster receiving both production and non-production deployments shares nodes, network and cluster-wide objects between them.',
    why: [
      'Namespaces are not a security boundary: pods reach each other across namespaces by default, and CRDs, webhooks, operators and node capacity are shared.',
      'A load test, a bad migration or an experimental operator in staging then runs right beside production.',
    ].join(' ') + '\n\n' + [
      'Argo CD and Flux objects are read from GitOps files and from Helm chart templates (an "app of apps" chart); a destination the template fills in is unknown and never flagged.',
      'ApplicationSets are read through their list, cluster (label selector), pull request (previews are non-production) and matrix/merge generators, where the file tells what goes where.',
    ].join(' '),
    fix: 'Give production its own cluster (and its own Argo CD destination, Flux cluster folder or CI kube context); put every non-production environment in another.',
    examples: [
      {
        path: 'argocd/apps.yaml',
        bad: [
          'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-staging\nspec:\n  source:\n    path: overlays/staging\n  destination:\n    server: https://k8s.example.com\n---\n',
          'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-prod\nspec:\n  source:\n    path: overlays/prod\n  destination:\n    server: https://k8s.example.com\n',
        ].join(''),
        good: [
          'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-staging\nspec:\n  source:\n    path: overlays/staging\n  destination:\n    server: https://staging.k8s.example.com\n---\n',
          'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-prod\nspec:\n  source:\n    path: overlays/prod\n  destination:\n    server: https://prod.k8s.example.com\n',
        ].join(''),
      },
      {
        path: 'charts/apps/templates/shop.yaml',
        context: { 'charts/apps/Chart.yaml': 'apiVersion: v2\nname: apps\nversion: 1.0.0\n' },
        bad: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-dev\nspec:\n  destination:\n    server: https://k8s.example.com\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-prod\nspec:\n  destination:\n    server: https://k8s.example.com\n',
        good: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-dev\nspec:\n  destination:\n    server: {{ .Values.devServer | quote }}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-prod\nspec:\n  destination:\n    server: https://prod.k8s.example.com\n',
      },
      {
        path: '.github/workflows/deploy.yml',
        bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          kubectl config use-context shop\n          helm upgrade --install shop ./chart -n shop-staging --wait\n          helm upgrade --install shop ./chart -n shop-prod --wait\n',
        good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          kubectl config use-context shop-nonprod\n          helm upgrade --install shop ./chart -n shop-staging --wait\n          kubectl config use-context shop-prod\n          helm upgrade --install shop ./chart -n shop-prod --wait\n',
      },
    ],
  },
  async checkChange(ctx) {
    const clusters = new Map<string, Member[]>();
    const add = (cluster: string, member: Member): void => {
      pushTo(clusters, cluster, member);
    };
    for (const file of ctx.files.filter((f) => f.kind === 'gitops' || f.kind === 'helm-template')) {
      for (const target of gitopsTargets(file)) {
        // Clusters picked by a label selector: what is deployed must be named, not guessed from the folder.
        const env = target.environment ?? environmentOfTarget(target, target.bySelector ? '' : file.path);
        if (!env) continue;
        const clusterEnv = environmentOfCluster(target);
        add(`gitops ${target.cluster}`, { file, label: target.label, env, clusterLabel: target.clusterLabel, clusterEnv, anchor: target.anchor });
      }
    }
    for (const file of ctx.files.filter((f) => f.kind === 'ci')) {
      for (const d of await clusterDeploys(file)) {
        const clusterEnv = environmentOfClusterName(d.clusterName);
        add(`ci ${d.cluster}`, { file, label: `Job ${d.job.id}`, env: d.env, detail: d.evidence, clusterLabel: d.clusterLabel, clusterEnv, anchor: d.line, key: `job/${d.job.id}` });
      }
    }
    for (const members of clusters.values()) reportMixed(ctx, members);
    for (const file of ctx.files) if (file.kind === 'kustomization' && file.source.status !== 'unchanged') checkKustomization(ctx, file);
  },
});

/** Reports once per changed file that sends something to a cluster receiving both tiers. */
function reportMixed(ctx: ChangeContext, members: Member[]): void {
  const clusterEnv = members.map((m) => m.clusterEnv).find(Boolean);
  const reported = new Set<ParsedFile>();
  for (const m of members) {
    if (m.file.source.status === 'unchanged' || reported.has(m.file)) continue;
    const others = members.filter((o) => o.env.tier !== m.env.tier);
    let which: string;
    if (others.length > 0) {
      const names = [...new Set(others.map((o) => `${o.label}${o.detail ? ` (${o.detail})` : ''}${o.file === m.file ? '' : ` in ${o.file.path}`}`))];
      which = `which also receives ${others[0]!.env.tier}: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
    } else if (clusterEnv && clusterEnv.tier !== m.env.tier) {
      which = `a ${clusterEnv.tier} cluster by its name ("${clusterEnv.written}")`;
    } else continue;
    reported.add(m.file);
    ctx.report(m.file, m.anchor, `${m.label} deploys ${m.env.name}${m.detail ? ` (${m.detail})` : ''} to ${m.clusterLabel}, ${which}. ${ADVICE}`, { key: m.key });
  }
}

/** A kustomization that builds both a production and a non-production overlay into one apply. */
function checkKustomization(ctx: ChangeContext, file: ParsedFile): void {
  for (const doc of file.yaml?.docs ?? []) {
    const entries = entriesOf(doc);
    const prod = entries.find((e) => e.env.tier === 'production');
    const nonprod = entries.find((e) => e.env.tier === 'non-production');
    if (!prod || !nonprod) continue;
    ctx.report(file, nonprod.node, `This kustomization builds production (${prod.text}) and ${nonprod.env.name} (${nonprod.text}) together, so one apply puts both in the same cluster. ${ADVICE}`);
  }
}

function entriesOf(doc: Document.Parsed): Array<{ node: YNode; text: string; env: EnvironmentMatch }> {
  const out: Array<{ node: YNode; text: string; env: EnvironmentMatch }> = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const item of asSeq(doc, getPath(doc, doc.contents as YNode, [key]))?.items ?? []) {
      const text = scalarString(doc, item);
      // Remote bases keep their path after `//` and their ref after `?`.
      const env = text ? environmentOfPath(text.split('?')[0]!.replace(/^.*\/\//, '')) : undefined;
      if (text && env) out.push({ node: item as YNode, text, env });
    }
  }
  return out;
}
