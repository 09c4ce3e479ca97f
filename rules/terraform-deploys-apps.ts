import { posix } from 'node:path';
import { defineRule } from '../src/engine/rule.js';
import { pushTo } from '../src/engine/context.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import { terraformOf, type TfBlock } from '../src/parse/terraform.js';

const CLUSTER_RESOURCES = new Set([
  'aws_eks_cluster', 'aws_eks_node_group', 'google_container_cluster', 'google_container_node_pool',
  'azurerm_kubernetes_cluster', 'azurerm_kubernetes_cluster_node_pool', 'digitalocean_kubernetes_cluster',
  'linode_lke_cluster', 'oci_containerengine_cluster', 'alicloud_cs_managed_kubernetes', 'ibm_container_vpc_cluster',
  'scaleway_k8s_cluster', 'vultr_kubernetes', 'exoscale_sks_cluster', 'civo_kubernetes_cluster', 'ovh_cloud_project_kube', 'kind_cluster',
]);
const APP_RESOURCES = /^(helm_release|kubernetes_(deployment|stateful_set|daemonset|daemon_set|job|cron_job|pod)(_v[12])?|kubernetes_manifest|kubectl_manifest|kustomization_resource|argocd_application)$/;
/** Registry and git sources of the EKS, GKE and AKS modules that create clusters or node pools. */
const CLUSTER_MODULES = /(^|\/)(terraform-aws-modules\/(eks\/aws|terraform-aws-eks)|terraform-google-modules\/(kubernetes-engine\/google|terraform-google-kubernetes-engine)|azure\/(aks\/azurerm|terraform-azurerm-aks|avm-res-containerservice-managedcluster\/azurerm)|cloudposse\/(eks-cluster\/aws|terraform-aws-eks-cluster))$/i;
/** Submodules that are the cluster itself (`//modules/private-cluster`), not add-ons such as karpenter. */
const CLUSTER_SUBMODULE = /cluster|node-group|node-pool|fargate/i;
/** A local module folder named after the cluster (`./modules/eks`). */
const LOCAL_CLUSTER_MODULE = /^\.{1,2}\/(.*\/)?(eks|gke|aks|(eks|gke|aks|k8s|kubernetes)-cluster)$/i;

function isClusterModule(source: string): boolean {
  const bare = source.replace(/^git::/i, '').replace(/^(https?:\/\/|ssh:\/\/|git@)?(registry\.terraform\.io|github\.com)[/:]/i, '');
  const [root = '', sub] = bare.replace(/[?].*$/, '').replace(/\.git(?=\/\/|$)/, '').split('//');
  if (LOCAL_CLUSTER_MODULE.test(root.replace(/\/+$/, ''))) return true;
  return CLUSTER_MODULES.test(root.replace(/\/+$/, '')) && (sub === undefined || CLUSTER_SUBMODULE.test(sub));
}

interface Found { file: ParsedFile; block: TfBlock; name: string }

function touched({ file, block }: Found): boolean {
  const changed = file.source.changedLines;
  if (file.source.status === 'unchanged') return false;
  if (changed === 'all') return true;
  for (let l = block.line; l <= block.endLine; l++) if (changed.has(l)) return true;
  return false;
}

export default defineRule({
  id: 'terraform-deploys-apps',
  antipattern: 4,
  severity: 'warning',
  kinds: ['terraform'],
  docs: {
    title: 'Terraform that builds a cluster should not deploy applications',
    summary: 'One Terraform root both creates a Kubernetes cluster and deploys applications into it (`helm_release`, `kubernetes_deployment`, `kubernetes_manifest`...).',
    why: [
      'Clusters change a few times a year, applications many times a day. When both live in one Terraform root, every release runs a plan over the cluster,',
      'holds its state lock and needs credentials that can change the cluster; a failed app release blocks infrastructure work and the other way round.',
      'Providers configured from a cluster created in the same run are also a known source of broken plans.',
    ].join(' '),
    fix: [
      'Keep the cluster (and its node pools) in an infrastructure root of its own, and deploy applications from a separate pipeline: Helm, Argo CD or Flux.',
      'Applications should not need outputs of the infrastructure run; pass what they need as configuration.',
    ].join(' '),
    examples: [
      {
        bad: 'resource "google_container_cluster" "main" {\n  name     = "main"\n  location = "europe-west1"\n}\n\nresource "helm_release" "shop" {\n  name  = "shop"\n  chart = "oci://registry.example.com/charts/shop"\n}\n',
        good: 'resource "google_container_cluster" "main" {\n  name     = "main"\n  location = "europe-west1"\n}\n\nresource "google_container_node_pool" "default" {\n  cluster    = google_container_cluster.main.name\n  node_count = 3\n}\n',
      },
    ],
  },
  async checkChange(ctx) {
    const folders = new Map<string, ParsedFile[]>();
    for (const file of ctx.files) {
      const dir = posix.dirname(file.path);
      pushTo(folders, dir, file);
    }
    for (const [dir, files] of folders) {
      if (files.every((f) => f.source.status === 'unchanged')) continue;
      const clusters: Found[] = [];
      const apps: Found[] = [];
      for (const file of files) {
        const parsed = await terraformOf(file);
        if (parsed.error && file.source.status !== 'unchanged') ctx.reportParseError(file, hclErrorLine(parsed.error), `HCL parse error: ${parsed.error}`);
        for (const block of parsed.blocks) {
          const [type = '', name = ''] = block.labels;
          if (block.type === 'resource' && CLUSTER_RESOURCES.has(type)) clusters.push({ file, block, name: `${type}.${name}` });
          if (block.type === 'resource' && APP_RESOURCES.test(type)) apps.push({ file, block, name: `${type}.${name}` });
          const source = block.body?.source;
          if (block.type === 'module' && typeof source === 'string' && isClusterModule(source)) clusters.push({ file, block, name: `module.${type}` });
        }
      }
      const anchor = apps.find(touched) ?? clusters.find(touched);
      if (!anchor || clusters.length === 0 || apps.length === 0) continue;
      const cluster = clusters.includes(anchor) ? anchor : clusters[0]!;
      const app = apps.includes(anchor) ? anchor : apps[0]!;
      const more = apps.length > 1 ? ` and ${apps.length - 1} more` : '';
      const folder = dir === '.' ? 'the repository root' : `${dir}/`;
      ctx.report(anchor.file, anchor.block.line, `Terraform in ${folder} creates the cluster (${cluster.name} in ${posix.basename(cluster.file.path)}) and also deploys applications (${app.name}${more}). Keep the cluster in its own Terraform root and deploy applications from a separate pipeline (Helm, Argo CD or Flux).`, { span: [anchor.block.line, anchor.block.endLine], key: `terraform:${dir}` });
    }
  },
});

/** hcl2json reports `file.tf:LINE,COL-...: message`; the first line number is where it failed. */
function hclErrorLine(message: string): number {
  const match = /\.tf:(\d+),/.exec(message);
  return match ? Number(match[1]) : 1;
}
