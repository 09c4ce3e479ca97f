import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'app-hardcoded-cluster-dns';

const configMap = (data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  annotations:\n    note: see orders.shop.svc.cluster.local\ndata:\n${data}`;

describe(rule, () => {
  test('flags a cluster DNS name in a string literal, as a hint', async () => {
    const findings = await findingsOf(rule, { 'src/orders.ts': "import x from 'y';\nexport const url = 'http://orders.shop.svc.cluster.local:8080/api';\n" });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[2, 'hint']]);
    expect(findings[0]!.message).toContain('"orders.shop.svc.cluster.local"');
  });

  test('flags <svc>.<ns>.svc names in several languages, once per distinct name', async () => {
    expect(await linesOf(rule, 'app/cache.py', 'HOST = "redis.cache.svc:6379"\nAGAIN = "redis.cache.svc"\nOTHER = f"db-0.db.data.svc"\n')).toEqual([1, 3]);
    expect(await linesOf(rule, 'main.go', 'package main\n\nconst db = "db.data.svc"\n')).toEqual([3]);
  });

  test('flags Dockerfile instructions other than ENV', async () => {
    const text = 'FROM app:1.0\nENV ORDERS=orders.shop.svc.cluster.local\n# RUN curl http://api.prod.svc.cluster.local\nHEALTHCHECK CMD curl -f http://api.prod.svc.cluster.local/health\nCMD ["--db", "db.data.svc"]\n';
    const findings = await findingsOf(rule, { 'Dockerfile': text });
    expect(findings.map((f) => f.line)).toEqual([4, 5]);
    expect(findings[0]!.message).toContain('HEALTHCHECK hardcodes the in-cluster address "api.prod.svc.cluster.local"');
    // The ENV line is the baked-config rule's, as a warning.
    expect((await findingsOf('dockerfile-baked-config', { 'Dockerfile': text })).map((f) => f.line)).toEqual([2]);
  });

  test('flags ConfigMap data values, on the line inside a block scalar', async () => {
    const text = configMap('  DB_HOST: db.data.svc.cluster.local\n  app.properties: |\n    level=info\n    db.url=jdbc:postgresql://db.data.svc:5432/app\n');
    const findings = await findingsOf(rule, { 'deploy/config.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([8, 11]);
    expect(findings[0]!.message).toContain('ConfigMap web, key DB_HOST');
  });

  describe('must not flag', () => {
    test.each([
      ['src/a.ts', "export const a = 'foo.svc-bar';\nexport const b = 'api.shop.svc.example.com';\n"],
      ['src/a.ts', "export const file = '/srv/app/orders.shop.svc';\nexport const wcf = 'http://legacy.example.com/Orders.Shop.svc';\n"],
      ['src/a.ts', 'export const svc = this.api.svc;\nconst host = shop.orders.svc ?? other;\n'],
      ['src/a.ts', '// calls orders.shop.svc.cluster.local\nexport const url = process.env.ORDERS_URL;\n'],
      ['src/orders.test.ts', "const url = 'http://orders.shop.svc.cluster.local';\n"],
      ['app/a.py', '# orders.shop.svc.cluster.local\nurl = os.environ["ORDERS_URL"]\n'],
    ])('%s: look-alikes, comments and tests', async (path, text) => {
      expect(await linesOf(rule, path, text)).toEqual([]);
    });

    test('manifests other than ConfigMap data', async () => {
      const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          env:\n            - name: ORDERS\n              value: orders.shop.svc.cluster.local\n';
      expect(await linesOf(rule, 'deploy/web.yaml', deployment)).toEqual([]);
      expect(await linesOf(rule, 'deploy/config.yaml', configMap('  ORDERS_HOST: orders\n'))).toEqual([]);
    });
  });
});
