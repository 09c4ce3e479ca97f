import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'prod-and-nonprod-same-cluster';

function app(name: string, path: string, server = 'https://k8s.example.com'): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://git.example.com/shop.git\n    path: ${path}\n  destination:\n    server: ${server}\n    namespace: shop\n`;
}

describe('Argo CD', () => {
  test('flags one server receiving both, on the changed file, naming the other side', async () => {
    const findings = await findingsOf(RULE, [added('argocd/shop-staging.yaml', app('shop-staging', 'overlays/staging')), context('argocd/shop-prod.yaml', app('shop-prod', 'overlays/prod'))]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['argocd/shop-staging.yaml', 11]]);
    expect(findings[0]!.message).toBe('Application shop-staging deploys staging to https://k8s.example.com, which also receives production: Application shop-prod in argocd/shop-prod.yaml. Run production in a cluster of its own; namespaces do not keep a test run away from production data.');
  });

  test('one finding per changed file and cluster', async () => {
    const text = `${app('a-dev', 'overlays/dev')}---\n${app('b-dev', 'overlays/dev')}---\n${app('a-prod', 'overlays/prod')}`;
    expect(await linesOf(RULE, 'argocd/apps.yaml', text)).toEqual([11]);
  });

  test('in-cluster destinations in one folder are one Argo CD, in two folders maybe two', async () => {
    const inCluster = 'https://kubernetes.default.svc';
    expect((await findingsOf(RULE, { 'argocd/a.yaml': app('a', 'overlays/qa', inCluster), 'argocd/b.yaml': app('b', 'overlays/prod', inCluster) })).length).toBe(2);
    expect(await findingsOf(RULE, { 'argocd/qa/a.yaml': app('a', 'overlays/qa', inCluster), 'argocd/prod/b.yaml': app('b', 'overlays/prod', inCluster) })).toEqual([]);
  });

  test('a cluster named for production receiving a test app', async () => {
    const findings = await findingsOf(RULE, { 'argocd/a.yaml': app('shop', 'overlays/test', 'https://prod-eu.k8s.example.com') });
    expect(findings[0]!.message).toContain('deploys test to https://prod-eu.k8s.example.com, a production cluster by its name ("prod-eu")');
  });

  test('an ApplicationSet list generator sending both to one server', async () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n    - list:\n        elements:\n',
      '          - env: staging\n          - env: production\n',
      '  template:\n    metadata:\n      name: \'shop-{{env}}\'\n    spec:\n      source:\n        path: \'overlays/{{env}}\'\n      destination:\n        server: https://k8s.example.com\n',
    ].join('');
    expect(await linesOf(RULE, 'argocd/set.yaml', text)).toEqual([18]);
  });

  test.each([
    ['separate servers', { 'argocd/a.yaml': app('shop-staging', 'overlays/staging', 'https://staging.example.com'), 'argocd/b.yaml': app('shop-prod', 'overlays/prod', 'https://prod.example.com') }],
    ['an app of unknown environment', { 'argocd/a.yaml': app('shop', 'charts/shop'), 'argocd/b.yaml': app('shop-prod', 'overlays/prod') }],
    ['only production', { 'argocd/a.yaml': app('a-prod', 'overlays/prod'), 'argocd/b.yaml': app('b', 'apps/b/production') }],
  ])('does not flag %s', async (_name, files) => {
    expect(await findingsOf(RULE, files)).toEqual([]);
  });

  test('nothing when only unchanged files are involved', async () => {
    expect(await findingsOf(RULE, [context('argocd/a.yaml', app('a-qa', 'overlays/qa')), context('argocd/b.yaml', app('b-prod', 'overlays/prod')), added('argocd/c.yaml', app('c', 'charts/c', 'https://other.example.com'))])).toEqual([]);
  });
});

describe('Flux', () => {
  const kustomization = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n`;

  test('a production cluster folder reconciling staging apps', async () => {
    const findings = await findingsOf(RULE, { 'clusters/production/apps.yaml': kustomization('./apps/staging') });
    expect(findings.map((f) => f.line)).toEqual([8]);
    expect(findings[0]!.message).toContain('Kustomization apps deploys staging to clusters/production, a production cluster');
  });

  test('each cluster folder with its own environment', async () => {
    expect(await findingsOf(RULE, { 'clusters/production/apps.yaml': kustomization('./apps/production'), 'clusters/staging/apps.yaml': kustomization('./apps/staging') })).toEqual([]);
  });
});

describe('kustomize', () => {
  test('one kustomization building a production and a non-production overlay', async () => {
    const findings = await findingsOf(RULE, { 'clusters/main/kustomization.yaml': 'resources:\n  - ../../apps/shop/overlays/prod\n  - ../../apps/shop/overlays/staging\n' });
    expect(findings.map((f) => f.line)).toEqual([3]);
    expect(findings[0]!.message).toContain('builds production (../../apps/shop/overlays/prod) and staging (../../apps/shop/overlays/staging) together');
  });

  test('an overlay built on another overlay is not two environments', async () => {
    expect(await findingsOf(RULE, { 'overlays/prod/kustomization.yaml': 'resources:\n  - ../staging\npatches:\n  - path: replicas.yaml\n' })).toEqual([]);
  });
});
