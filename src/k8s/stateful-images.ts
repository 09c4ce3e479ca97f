/**
 * Recognises images and charts of databases, caches, brokers and artifact stores by name.
 * Matching is by whole name parts: `redis` and `bitnami/redis-cluster` are Redis, while
 * `redis-exporter`, `postgres-exporter` and `mongo-express` are tools around one, not one.
 */
import { parseImage } from './image.js';

/** Name part → what it runs. */
const SERVICES: ReadonlyMap<string, string> = new Map([
  ['postgres', 'PostgreSQL'], ['postgresql', 'PostgreSQL'], ['postgis', 'PostgreSQL'], ['timescaledb', 'PostgreSQL'],
  ['mysql', 'MySQL'], ['mariadb', 'MariaDB'], ['percona', 'MySQL'], ['xtradb', 'MySQL'],
  ['mongo', 'MongoDB'], ['mongodb', 'MongoDB'],
  ['redis', 'Redis'], ['valkey', 'Valkey'], ['keydb', 'KeyDB'], ['memcached', 'Memcached'],
  ['cassandra', 'Cassandra'], ['scylla', 'ScyllaDB'], ['cockroach', 'CockroachDB'], ['cockroachdb', 'CockroachDB'],
  ['couchdb', 'CouchDB'], ['couchbase', 'Couchbase'], ['influxdb', 'InfluxDB'], ['neo4j', 'Neo4j'],
  ['rethinkdb', 'RethinkDB'], ['clickhouse', 'ClickHouse'], ['mssql', 'SQL Server'],
  ['elasticsearch', 'Elasticsearch'], ['opensearch', 'OpenSearch'],
  ['kafka', 'Kafka'], ['zookeeper', 'ZooKeeper'], ['rabbitmq', 'RabbitMQ'], ['nats', 'NATS'], ['activemq', 'ActiveMQ'],
  ['minio', 'MinIO'], ['nexus', 'Nexus'], ['nexus3', 'Nexus'],
]);

/**
 * Other name parts allowed beside the service's: roles, editions and packagings of the server
 * itself. Any other part (`exporter`, `express`, `operator`, `cli`, `backup`, `ui`...) means a
 * different program.
 */
const QUALIFIERS = new Set([
  'server', 'cluster', 'stack', 'ha', 'standalone', 'node', 'master', 'slave', 'leader', 'follower', 'replica',
  'primary', 'secondary', 'sentinel', 'community', 'enterprise', 'oss', 'ce', 'ee', 'alpine', 'official',
  'docker', 'kubernetes', 'k8s', 'galera', 'repmgr', 'cp', 'crunchy', 'sharded', 'db', 'broker', 'management',
  'bitnami', 'library', 'rootless', 'distroless', 'centos', 'centos7', 'ubi', 'ubi8', 'ubi9', 'debian',
]);

function matchName(name: string): string | undefined {
  const parts = name.toLowerCase().split(/[-_.]+/).filter(Boolean);
  let service: string | undefined;
  for (const part of parts) {
    const found = SERVICES.get(part);
    if (found) service ??= found;
    else if (!QUALIFIERS.has(part) && !/^v?\d+$/.test(part)) return undefined;
  }
  return service;
}

/** What a container image runs, when it is a stateful service (`postgres:16` → PostgreSQL). */
export function statefulServiceOfImage(ref: string): string | undefined {
  const image = parseImage(ref);
  if (image.dynamic) return undefined;
  const segments = image.name.split('/');
  // The first segment is a registry host when it has a dot, a colon or is localhost.
  if (segments.length > 1 && /[.:]|^localhost$/.test(segments[0]!)) segments.shift();
  const last = segments[segments.length - 1] ?? '';
  const found = matchName(last);
  if (found) return found;
  // `mcr.microsoft.com/mssql/server`, `mysql/mysql-server`: the product is the folder above a generic name.
  if (segments.length > 1 && /^(server|db)$/.test(last)) return matchName(segments[segments.length - 2]!);
  return undefined;
}

/** What a chart dependency installs, when it is a stateful service (`postgresql`, `redis-cluster`). */
export function statefulServiceOfChart(name: string): string | undefined {
  return matchName(name);
}
