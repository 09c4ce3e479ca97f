import { describe, expect, test } from '@jest/globals';
import {
  environmentOfCluster, environmentOfFile, environmentOfName, environmentOfNamespace, environmentOfPath,
  environmentOfTag, environmentOfTarget, isEnvironmentTag, productionEndpoint,
} from '../../src/k8s/environment.js';
import { gitopsTargets, substitute } from '../../src/k8s/gitops.js';
import { classify } from '../../src/engine/classify.js';
import { parseFile, type ParsedFile } from '../../src/engine/parsed-file.js';
import { added } from '../helpers/change.js';

function parsed(path: string, text: string): ParsedFile {
  return parseFile(added(path, text), classify(path, text, new Set([path])), text);
}

describe('environmentOfName', () => {
  test.each([
    ['prod', 'production', 'production'],
    ['production', 'production', 'production'],
    ['orders-prod', 'production', 'production'],
    ['prod-eu-west-1', 'production', 'production'],
    ['eastus-prod', 'production', 'production'],
    ['prd', 'production', 'production'],
    ['live', 'production', 'production'],
    ['prod2', 'production', 'production'],
    ['ordersProd', 'production', 'production'],
    ['staging', 'non-production', 'staging'],
    ['stg', 'non-production', 'staging'],
    ['team-a-dev', 'non-production', 'dev'],
    ['uat2', 'non-production', 'uat'],
    ['orders-test', 'non-production', 'test'],
    ['pre-prod', 'non-production', 'preprod'],
    ['pre-production', 'non-production', 'preprod'],
    ['shop_pre_prod', 'non-production', 'preprod'],
    ['non-prod', 'non-production', 'nonprod'],
    ['preview', 'non-production', 'preview'],
  ])('%s is %s (%s)', (name, tier, canonical) => {
    expect(environmentOfName(name)).toMatchObject({ tier, name: canonical, written: name });
  });

  test.each(['product', 'producer', 'prometheus', 'dev-tools', 'test-data', 'devops', 'devel', 'kube-system', 'monitoring', 'grafana-live', 'qa-bot', 'latest', ''])('%s names no environment', (name) => {
    expect(environmentOfName(name)).toBeUndefined();
  });

  test('a templated name is unknown', () => {
    expect(environmentOfName('\u00a7\u00a7\u00a7-prod')).toBeUndefined();
  });
});

describe('environmentOfPath', () => {
  test.each([
    ['overlays/prod/kustomization.yaml', 'production'],
    ['deploy/values-staging.yaml', 'staging'],
    ['deploy/values.prod.yaml', 'production'],
    ['envs/production/eu/app.yaml', 'production'],
    ['clusters/prod-eu-1/apps.yaml', 'production'],
    ['k8s/qa/deployment.yaml', 'qa'],
    ['test/deployment.yaml', 'test'],
    ['charts/x/ci/test-values.yaml', 'test'],
    // The folder nearest the file wins: `live/` holds every live environment.
    ['live/staging/app.yaml', 'staging'],
    ['clusters/prod/apps/dev/app.yaml', 'dev'],
  ])('%s belongs to %s', (path, name) => {
    expect(environmentOfPath(path)?.name).toBe(name);
  });

  test.each([
    'apps/base/deployment.yaml',
    'k8s/pod-test.yaml',
    'charts/web/templates/tests/test-connection.yaml',
    'e2e-test/app.yaml',
    'product/api/deploy.yaml',
    'monitoring/prometheus.yaml',
    'dev-tools/kind.yaml',
  ])('%s belongs to none', (path) => {
    expect(environmentOfPath(path)).toBeUndefined();
  });
});

describe('environmentOfFile', () => {
  const manifest = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ${ns}\n`;

  test('a manifest by the namespace of its objects', () => {
    expect(environmentOfFile(parsed('deploy/config.yaml', manifest('orders-staging')))?.name).toBe('staging');
  });

  test('namespaces that disagree leave the file unknown', () => {
    expect(environmentOfFile(parsed('deploy/config.yaml', `${manifest('staging')}---\n${manifest('prod')}`))).toBeUndefined();
  });

  test('a path and a namespace that disagree leave it unknown', () => {
    expect(environmentOfFile(parsed('staging/config.yaml', manifest('prod')))).toBeUndefined();
    expect(environmentOfFile(parsed('staging/config.yaml', manifest('qa')))?.tier).toBe('non-production');
  });

  test('a kustomization by its namespace', () => {
    expect(environmentOfFile(parsed('deploy/kustomization.yaml', 'namespace: shop-uat\nresources:\n  - ../base\n'))?.name).toBe('uat');
  });

  test('an Argo CD Application by what it deploys', () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\nspec:\n  source:\n    path: overlays/staging\n  destination:\n    server: https://kubernetes.default.svc\n';
    expect(environmentOfFile(parsed('argocd/shop.yaml', app))?.name).toBe('staging');
  });
});

describe('environment tags', () => {
  test.each(['dev', 'qa', 'test', 'uat', 'stage', 'staging', 'prod', 'production', 'prod2', 'prod-1.2.3', 'staging-latest', 'dev-3f2a9c1', '1.2.3-staging', '1.2.3-prod', 'v1.4.2-qa', 'preprod-1.0', 'PROD'])('%s names an environment', (tag) => {
    expect(isEnvironmentTag(tag)).toBe(true);
  });

  // `-dev` after a version is the Wolfi/Chainguard variant with a shell; `testing` is a Debian release.
  test.each(['1.2.3', 'latest', '1.2.3-rc1', 'v2-alpine', 'sha-abc1234', 'devel', 'latest-dev', '1.2.3-dev', 'production-ready', 'testing', 'testing-slim', 'stable', 'develop', 'main', '2.1.0-amd64'])('%s does not', (tag) => {
    expect(isEnvironmentTag(tag)).toBe(false);
  });

  test('the environment a tag names', () => {
    expect(environmentOfTag('prod-1.2.3')).toBe('prod');
    expect(environmentOfTag('1.2.3-staging')).toBe('staging');
  });
});

describe('productionEndpoint', () => {
  test.each([
    ['https://api.prod.example.com/v1', undefined, 'https://api.prod.example.com/v1'],
    ['jdbc:postgresql://prod-db.internal:5432/orders', undefined, 'postgresql://prod-db.internal:5432/orders'],
    ['db.prod.svc.cluster.local', undefined, 'db.prod.svc.cluster.local'],
    ['redis://:secret@cache-production.example.io:6379', undefined, 'redis://:secret@cache-production.example.io:6379'],
    ['prod-redis:6379', undefined, 'prod-redis:6379'],
    ['s3://acme-prod-uploads/images', undefined, 's3://acme-prod-uploads/images'],
    ['https://vault.example.com/v1/secret/data/prod/db', undefined, 'https://vault.example.com/v1/secret/data/prod/db'],
    ['Server=prod-sql;Database=orders', undefined, 'Server=prod-sql'],
    ['orders_prod', 'DB_NAME', 'orders_prod'],
    ['prod-db', 'dbHost', 'prod-db'],
  ])('%s (key %s) is production', (value, key, found) => {
    expect(productionEndpoint(value, key)).toBe(found);
  });

  test.each([
    ['http://prometheus.monitoring:9090', undefined],
    ['https://product.example.com', undefined],
    ['producer.kafka.internal:9092', undefined],
    ['https://api.nonprod.example.com', undefined],
    ['https://logs-prod-006.grafana.net/loki/api/v1/push', undefined],
    ['/etc/app/config.prod.yaml', undefined],
    ['orders.prod.events', undefined],
    ['prod', 'SPRING_PROFILES_ACTIVE'],
    ['prod', 'SERVER_ENV'],
    ['production', 'NODE_ENV'],
    ['orders_prod', 'label'],
  ])('%s (key %s) is not', (value, key) => {
    expect(productionEndpoint(value, key)).toBeUndefined();
  });
});

describe('GitOps targets', () => {
  test('an Argo CD Application: cluster by server, app by name, path and values', () => {
    const file = parsed('argocd/shop.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\nspec:\n  source:\n    path: charts/shop\n    helm:\n      valueFiles: [values-prod.yaml]\n  destination:\n    server: https://prod.k8s.example.com\n    namespace: shop\n');
    const [target] = gitopsTargets(file);
    expect(target).toMatchObject({ cluster: 'argocd:https://prod.k8s.example.com', label: 'Application shop' });
    expect(environmentOfTarget(target!, file.path)?.name).toBe('production');
    expect(environmentOfCluster(target!)?.name).toBe('production');
  });

  test('in-cluster destinations are one cluster per folder, since each Argo CD has its own', () => {
    const app = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  destination:\n    name: in-cluster\n`;
    const [a] = gitopsTargets(parsed('argocd/prod/a.yaml', app('a')));
    const [b] = gitopsTargets(parsed('argocd/staging/b.yaml', app('b')));
    expect(a!.cluster).not.toBe(b!.cluster);
    expect(a!.clusterNames).toEqual([]);
  });

  test('an ApplicationSet list generator gives one target per element', () => {
    const file = parsed('argocd/shop-set.yaml', [
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n    - list:\n        elements:\n',
      '          - env: staging\n            url: https://k8s.example.com\n          - env: prod\n            url: https://k8s.example.com\n',
      '  template:\n    metadata:\n      name: \'shop-{{env}}\'\n    spec:\n      source:\n        path: \'overlays/{{env}}\'\n      destination:\n        server: \'{{url}}\'\n',
    ].join(''));
    const targets = gitopsTargets(file);
    expect(targets.map((t) => t.cluster)).toEqual(['argocd:https://k8s.example.com', 'argocd:https://k8s.example.com']);
    expect(targets.map((t) => environmentOfTarget(t, file.path)?.tier)).toEqual(['non-production', 'production']);
  });

  test('an ApplicationSet with another generator is unknown', () => {
    const file = parsed('argocd/set.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: all\nspec:\n  generators:\n    - clusters: {}\n  template:\n    spec:\n      destination:\n        server: \'{{server}}\'\n');
    expect(gitopsTargets(file)).toEqual([]);
  });

  test('Flux: the cluster folder, or the kubeConfig secret', () => {
    const file = parsed('clusters/production/apps.yaml', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps/staging\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: web-dev\nspec:\n  kubeConfig:\n    secretRef:\n      name: dev-cluster-kubeconfig\n');
    const [kustomization, release] = gitopsTargets(file);
    expect(kustomization).toMatchObject({ cluster: 'flux:cluster:production', clusterNames: ['production'] });
    expect(environmentOfTarget(kustomization!, file.path)?.name).toBe('staging');
    expect(release).toMatchObject({ cluster: 'flux:kubeconfig:dev-cluster-kubeconfig' });
    expect(environmentOfTarget(release!, file.path)?.name).toBe('dev');
  });

  test('substitute fills both placeholder styles and refuses unknown keys', () => {
    expect(substitute('{{env}}-{{ .values.region }}', { env: 'prod', 'values.region': 'eu' })).toBe('prod-eu');
    expect(substitute('{{server}}', {})).toBeUndefined();
  });

  test('environmentOfNamespace of nothing is nothing', () => {
    expect(environmentOfNamespace(undefined)).toBeUndefined();
  });
});
