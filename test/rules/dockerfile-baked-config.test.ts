import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'dockerfile-baked-config';
const lines = (text: string): Promise<number[]> => linesOf(rule, 'Dockerfile', `FROM app:1.0\n${text}`);
const messages = async (text: string): Promise<string[]> => (await findingsOf(rule, { 'Dockerfile': `FROM app:1.0\n${text}` })).map((f) => f.message);

describe(rule, () => {
  test('flags environment selectors', async () => {
    const text = 'ENV SPRING_PROFILES_ACTIVE=prod\nENV APP_ENV=staging\nENV ASPNETCORE_ENVIRONMENT=Development\nENV NODE_ENV=staging\nENV DJANGO_SETTINGS_MODULE=site.settings.production\nENV QUARKUS_PROFILE=uat\n';
    expect(await lines(text)).toEqual([2, 3, 4, 5, 6, 7]);
    expect((await messages('ENV SPRING_PROFILES_ACTIVE=kafka,prod\n'))[0]).toContain('selects the "prod" environment');
  });

  test('flags IP addresses, also in the legacy "ENV name value" form', async () => {
    expect(await lines('ENV DB_HOST 10.0.3.12\nENV PEERS=10.0.0.1:7000,10.0.0.2:7000\n')).toEqual([2, 3]);
    expect((await messages('ENV DB_HOST 10.0.3.12\n'))[0]).toContain('the IP address 10.0.3.12');
  });

  test('flags connection strings without echoing their credentials', async () => {
    const [message] = await messages('ENV DATABASE_URL=postgres://app:hunter2@db.internal:5432/app\n');
    expect(message).toContain('postgres connection string to "db.internal"');
    expect(message).not.toContain('hunter2');
    expect(await lines('ENV JDBC=jdbc:postgresql://db.example.com:5432/app\nENV CACHE=redis://cache:6379\nENV ORA=jdbc:oracle:thin:@ora.example.com:1521:orcl\nENV BUS=amqp://guest:guest@rabbit/\n')).toEqual([2, 3, 4, 5]);
  });

  test('flags URLs of other services', async () => {
    expect(await lines('ENV API_URL=https://api.example.com\nENV OTEL_EXPORTER_OTLP_TRACES=http://otel-collector:4317\nENV BACKEND=http://10.1.2.3:8080/api\n')).toEqual([2, 3, 4]);
  });

  test('flags a cluster DNS name on the line of its property in a multi-line ENV', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'FROM app:1.0\nENV PORT=8080 \\\n    ORDERS=orders.shop.svc.cluster.local:8080\n' });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[3, [2, 3]]]);
    expect(findings[0]!.message).toContain('the cluster DNS name orders.shop.svc.cluster.local');
  });

  describe('must not flag', () => {
    test.each([
      ['NODE_ENV=production', 'ENV NODE_ENV=production\n'],
      ['build modes of other frameworks', 'ENV RAILS_ENV=production RACK_ENV=production PASSENGER_APP_ENV=production MIX_ENV=prod APP_ENV=prod\n'],
      ['ASPNETCORE_ENVIRONMENT=Production (the default)', 'ENV ASPNETCORE_ENVIRONMENT=Production\n'],
      ['a profile that names no environment', 'ENV SPRING_PROFILES_ACTIVE=docker,kafka\n'],
      ['an environment selector set from a build arg', 'ARG APP_ENV\nENV APP_ENV=$APP_ENV\n'],
      ['ordinary runtime settings', 'ENV PATH=/opt/app/bin:$PATH LANG=C.UTF-8 JAVA_HOME=/opt/java PYTHONUNBUFFERED=1\n'],
      ['paths in *_ENV variables', 'ENV VIRTUAL_ENV=/opt/venv ENV=/root/.ashrc\n'],
      ['bind addresses of the container itself', 'ENV HOST=0.0.0.0 LISTEN=127.0.0.1:8080 REDIS_URL=redis://localhost:6379 API_URL=http://localhost:3000\n'],
      ['wildcard bind URLs', 'ENV ASPNETCORE_URLS=http://+:8080 SERVER_URL=http://*:8080 BIND_URL=http://[::]:8080\n'],
      ['build tooling mirrors and downloads', 'ENV PIP_INDEX_URL=https://pypi.example.com/simple NODE_DOWNLOAD_URL=https://nodejs.org/dist/ GOPROXY=https://proxy.golang.org\n'],
      ['proxies', 'ENV HTTP_PROXY=http://proxy.corp:3128 NO_PROXY=10.0.0.0/8\n'],
      ['four-part versions', 'ENV POWERSHELL_VERSION=7.4.0.0\n'],
      ['a host built from a variable', 'ENV DATABASE_URL=postgres://${DB_HOST}:5432/app\n'],
      ['a plain public web page in a variable that is not an endpoint', 'ENV HOMEPAGE=https://example.com\n'],
    ])('%s', async (_name, text) => {
      expect(await lines(text)).toEqual([]);
    });
  });
});
