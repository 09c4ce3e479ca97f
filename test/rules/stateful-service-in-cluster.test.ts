import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'stateful-service-in-cluster';

function workload(image: string, kind = 'StatefulSet', list = 'containers'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: store
spec:
  template:
    spec:
      ${list}:
        - name: main
          image: ${image}
`;
}

describe(RULE, () => {
  test('flags a long-running database container on its image line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/db.yaml': workload('postgres:16.3') });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[10, 'hint']]);
    expect(findings[0]!.message).toContain('StatefulSet store, container main: image "postgres:16.3" runs PostgreSQL');
  });

  test.each([
    ['docker.io/library/mysql:8.4', 'MySQL'],
    ['bitnami/redis-cluster:7.2', 'Redis'],
    ['registry.k8s.io/redis-slave:v2', 'Redis'],
    ['mcr.microsoft.com/mssql/server:2022-latest', 'SQL Server'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.14.0', 'Elasticsearch'],
    ['confluentinc/cp-kafka:7.6.1', 'Kafka'],
    ['rabbitmq:3-management', 'RabbitMQ'],
    ['quay.io/minio/minio:RELEASE.2024-05-01T01-11-10Z', 'MinIO'],
    ['sonatype/nexus3:3.68.1', 'Nexus'],
    ['localhost:5000/mongo:7', 'MongoDB'],
  ])('recognises %s as %s', async (image, service) => {
    const findings = await findingsOf(RULE, { 'deploy/db.yaml': workload(image, 'Deployment') });
    expect(findings.map((f) => f.line)).toEqual([10]);
    expect(findings[0]!.message).toContain(`runs ${service}`);
  });

  test.each([
    'oliver006/redis_exporter:v1.61.0',
    'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
    'mongo-express:1.0.2',
    'redis-commander:latest',
    'bitnami/kafka-exporter:1.7.0',
    'confluentinc/cp-kafka-rest:7.6.1',
    'minio/mc:RELEASE.2024-05-03T11-21-07Z',
    'arungupta/wildfly-mysql-javaee7:k8s',
    'redislabs/redis-operator:7.4.2',
    'percona/percona-backup-mongodb:2.4.1',
    'dpage/pgadmin4:8.6',
    'bitnami/pgbouncer:1.22.1',
    '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  ])('does not treat %s as a stateful service', async (image) => {
    expect(await linesOf(RULE, 'deploy/tool.yaml', workload(image, 'Deployment'))).toEqual([]);
  });

  test('does not flag clients: init containers and Jobs that use a database image', async () => {
    expect(await linesOf(RULE, 'deploy/app.yaml', workload('postgres:16', 'Deployment', 'initContainers'))).toEqual([]);
    const backup = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: dump
              image: postgres:16
              command: ["pg_dump", "-h", "db"]
`;
    expect(await linesOf(RULE, 'deploy/backup.yaml', backup)).toEqual([]);
  });

  test('flags a chart dependency on a database chart, saying when it is optional', async () => {
    const chart = `apiVersion: v2
name: shop
version: 1.2.0
dependencies:
  - name: common
    version: 2.x.x
    repository: oci://registry-1.docker.io/bitnamicharts
  - name: postgresql
    version: 15.x.x
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: postgresql.enabled
  - name: redis-operator
    version: 0.18.0
    repository: https://ot-container-kit.github.io/helm-charts
`;
    const findings = await findingsOf(RULE, { 'charts/shop/Chart.yaml': chart });
    expect(findings.map((f) => f.line)).toEqual([8]);
    expect(findings[0]!.message).toContain('Chart dependency postgresql installs PostgreSQL inside the cluster (when postgresql.enabled is true)');
  });

  test('does not flag databases in manifests for a local cluster', async () => {
    expect(await linesOf(RULE, 'deploy/local/postgres.yaml', workload('postgres:16'))).toEqual([]);
  });

  test('resolves a Helm image from the chart values', async () => {
    const template = workload('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"');
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 1.0.0\n',
      'chart/values.yaml': 'image:\n  repository: bitnami/redis\n  tag: 7.2.5\n',
      'chart/templates/sts.yaml': template,
    };
    const findings = await findingsOf(RULE, files);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['chart/templates/sts.yaml', 10]]);
    expect(findings[0]!.message).toContain('image "bitnami/redis:7.2.5" runs Redis');
    const exporter = { ...files, 'chart/values.yaml': 'image:\n  repository: oliver006/redis_exporter\n  tag: v1.61.0\n' };
    expect(await findingsOf(RULE, exporter)).toEqual([]);
  });
});
