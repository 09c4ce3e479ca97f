import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';
import { analyze } from '../../src/engine/analyze.js';

const rule = 'terraform-deploys-apps';

const EKS = 'resource "aws_eks_cluster" "main" {\n  name     = "main"\n  role_arn = aws_iam_role.cluster.arn\n}\n';
const HELM = 'resource "helm_release" "api" {\n  name  = "api"\n  chart = "oci://registry.example.com/charts/api"\n}\n';
const DEPLOYMENT = 'resource "kubernetes_deployment_v1" "web" {\n  metadata {\n    name = "web"\n  }\n}\n';

describe(rule, () => {
  test('flags one root that creates a cluster and deploys an app, on the app block', async () => {
    const findings = await findingsOf(rule, { 'infra/main.tf': `${EKS}\n${HELM}` });
    expect(findings.map((f) => [f.file, f.line, f.span])).toEqual([['infra/main.tf', 6, [6, 9]]]);
    expect(findings[0]!.message).toContain('Terraform in infra/ creates the cluster (aws_eks_cluster.main in main.tf) and also deploys applications (helm_release.api)');
  });

  test('reports once per folder, however many apps', async () => {
    const findings = await findingsOf(rule, { 'main.tf': `${EKS}\n${HELM}\n${DEPLOYMENT}\nresource "kubectl_manifest" "x" {\n  yaml_body = "kind: Pod"\n}\n` });
    expect(findings.map((f) => f.line)).toEqual([6]);
    expect(findings[0]!.message).toContain('helm_release.api and 2 more');
    expect(findings[0]!.message).toContain('the repository root');
  });

  test('joins the files of one folder: an added app file beside an unchanged cluster file', async () => {
    const findings = await findingsOf(rule, [context('infra/cluster.tf', EKS), added('infra/apps.tf', `\n${DEPLOYMENT}`)]);
    expect(findings.map((f) => [f.file, f.line, f.onDiff])).toEqual([['infra/apps.tf', 2, true]]);
  });

  test('anchors on the cluster block when only the cluster changed', async () => {
    const before = 'resource "google_container_cluster" "main" {\n  name = "main"\n}\n';
    const after = 'resource "google_container_cluster" "main" {\n  name = "main"\n  location = "europe-west1"\n}\n';
    const findings = await findingsOf(rule, [modified('gke/cluster.tf', before, after), context('gke/apps.tf', HELM)]);
    expect(findings.map((f) => [f.file, f.line, f.onDiff])).toEqual([['gke/cluster.tf', 1, true]]);
    expect(findings[0]!.message).toContain('google_container_cluster.main in cluster.tf');
  });

  test('recognises cluster modules from the registry and from git', async () => {
    const eks = 'module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n}\n';
    const gke = 'module "gke" {\n  source = "git::https://github.com/terraform-google-modules/terraform-google-kubernetes-engine.git//modules/private-cluster?ref=v30.0.0"\n}\n';
    const aks = 'module "aks" {\n  source = "Azure/aks/azurerm"\n}\n';
    for (const cluster of [eks, gke, aks]) {
      const findings = await findingsOf(rule, { 'main.tf': `${cluster}\n${HELM}` });
      expect(findings.map((f) => f.line)).toEqual([cluster.split('\n').length + 1]);
    }
  });

  describe('must not flag', () => {
    test.each([
      ['a root that only creates a cluster', { 'infra/main.tf': EKS }],
      ['a root that only deploys apps', { 'apps/main.tf': `${HELM}\n${DEPLOYMENT}` }],
      ['cluster and apps in different folders', { 'infra/cluster/main.tf': EKS, 'infra/apps/main.tf': HELM }],
      ['an add-on submodule of the EKS module', { 'main.tf': `module "karpenter" {\n  source = "terraform-aws-modules/eks/aws//modules/karpenter"\n}\n\n${HELM}` }],
      ['a data source that reads the cluster', { 'main.tf': `data "aws_eks_cluster" "main" {\n  name = "main"\n}\n\n${HELM}` }],
      ['an app block that is commented out or inside a heredoc', {
        'main.tf': `${EKS}\n# resource "helm_release" "old" {}\n/*\n${HELM}*/\nlocals {\n  doc = <<EOT\n${HELM}EOT\n}\n`,
      }],
    ])('%s', async (_name, files) => {
      expect(await findingsOf(rule, files)).toEqual([]);
    });

    test('a change that touches neither the cluster nor an app', async () => {
      const files = [context('infra/main.tf', `${EKS}\n${HELM}`), modified('infra/variables.tf', 'variable "a" {}\n', 'variable "a" {}\nvariable "b" {}\n')];
      expect(await findingsOf(rule, files)).toEqual([]);
    });
  });
});

test('a Terraform file that does not parse is reported with its line; the others are still reviewed', async () => {
  const result = await analyze({
    files: [
      added('infra/broken.tf', 'resource "aws_eks_cluster" "main" {\n  name = \n}\n'),
      added('k8s/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n'),
    ],
  });
  expect(result.files.find((f) => f.path === 'infra/broken.tf')).toMatchObject({ status: 'error', reason: expect.stringContaining('HCL parse error') });
  expect(result.findings.filter((f) => f.rule === 'parse-error').map((f) => [f.file, f.line])).toEqual([['infra/broken.tf', 2]]);
  expect(result.findings.some((f) => f.file === 'k8s/pod.yaml' && f.rule === 'image-latest-tag')).toBe(true);
});
