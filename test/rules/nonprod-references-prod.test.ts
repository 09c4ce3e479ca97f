import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'nonprod-references-prod';

function configMap(data: string, namespace?: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n${data}`;
}

describe('flags', () => {
  test('a production URL in a staging overlay', async () => {
    const findings = await findingsOf(RULE, { 'overlays/staging/config.yaml': configMap('  API_URL: https://api.prod.example.com/v1\n  CACHE: redis.staging.internal:6379\n') });
    expect(findings.map((f) => f.line)).toEqual([6]);
    expect(findings[0]!.message).toBe('ConfigMap api-config: "https://api.prod.example.com/v1" points at production, but this file belongs to the staging environment (by its path). Use the staging endpoint, injected per environment.');
    expect(findings[0]!.severity).toBe('error');
  });

  test('an env var of a workload in a dev namespace, by its name', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop-dev\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.0.0\n          env:\n            - name: DB_HOST\n              value: prod-db\n            - name: DB_NAME\n              value: orders_production\n            - name: LOG_LEVEL\n              value: prod\n';
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment });
    expect(findings.map((f) => f.line)).toEqual([14, 16]);
    expect(findings[0]!.message).toContain('(by its namespace shop-dev)');
  });

  test('each line of an embedded config file', async () => {
    const data = '  application.properties: |\n    server.port=8080\n    # spring.datasource.url=jdbc:postgresql://prod-db:5432/orders\n    spring.datasource.url=jdbc:postgresql://prod-db:5432/orders\n    cache.host: cache-prod\n';
    expect(await linesOf(RULE, 'k8s/qa/config.yaml', configMap(data))).toEqual([9, 10]);
  });

  test('values of a non-production values file', async () => {
    const findings = await findingsOf(RULE, { 'deploy/values-uat.yaml': 'database:\n  host: db.prod.svc.cluster.local\n  name: orders\n' });
    expect(findings.map((f) => [f.line, f.message.split(':')[0]])).toEqual([[2, 'Values database.host']]);
  });

  test('kustomize literals of a dev overlay', async () => {
    const text = 'resources:\n  - ../../base\nconfigMapGenerator:\n  - name: api\n    literals:\n      - API_URL=https://api.production.example.com\n      - LOG_LEVEL=debug\n';
    expect(await linesOf(RULE, 'overlays/dev/kustomization.yaml', text)).toEqual([6]);
  });

  test('a kustomization that is non-production by its namespace', async () => {
    const text = 'namespace: shop-staging\nresources:\n  - ../base\nconfigMapGenerator:\n  - name: api\n    literals:\n      - DATABASE=orders_prod\n';
    expect(await linesOf(RULE, 'deploy/kustomization.yaml', text)).toEqual([7]);
  });
});

describe('does not flag', () => {
  test('production files referencing production', async () => {
    expect(await linesOf(RULE, 'overlays/prod/config.yaml', configMap('  API_URL: https://api.prod.example.com\n'))).toEqual([]);
  });

  test('files that belong to no environment', async () => {
    expect(await linesOf(RULE, 'base/config.yaml', configMap('  API_URL: https://api.prod.example.com\n'))).toEqual([]);
  });

  test('a path and a namespace that disagree', async () => {
    expect(await linesOf(RULE, 'staging/config.yaml', configMap('  API_URL: https://api.prod.example.com\n', 'prod'))).toEqual([]);
  });

  test('words that merely contain "prod", and non-endpoints', async () => {
    const data = [
      '  PROMETHEUS: http://prometheus.monitoring.svc:9090',
      '  PRODUCTS: https://products.staging.example.com',
      '  KAFKA: producer.kafka.staging.internal:9092',
      '  PROFILE: prod',
      '  CONFIG: /etc/app/config.prod.yaml',
      '  TOPIC: orders.prod.events',
      '  LOKI: https://logs-prod-006.grafana.net/loki/api/v1/push',
      '  OTHER: https://api.nonprod.example.com',
      '',
    ].join('\n');
    expect(await linesOf(RULE, 'overlays/staging/config.yaml', configMap(data))).toEqual([]);
  });

  test('images and registries named prod: promoting an image is the point', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: registry.prod.example.com/api:1.0.0\n';
    expect(await linesOf(RULE, 'overlays/staging/pod.yaml', pod)).toEqual([]);
    expect(await linesOf(RULE, 'deploy/values-staging.yaml', 'image:\n  registry: registry.prod.example.com\n  repository: prod/api\n')).toEqual([]);
  });
});
