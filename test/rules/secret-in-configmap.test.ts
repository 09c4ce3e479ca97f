import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';

const RULE = 'secret-in-configmap';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
// Credential-shaped strings are assembled at run time so that this file holds none.
const join = (...parts: string[]): string => parts.join('');
const PG_URL = join('postgres://app:', 'Xk2p9Lq4', '@db.internal:5432/app');
const AWS_KEY_ID = join('AKIA', 'Q3HX7TBN', '2WZL5KFD');

function configMap(data: string, name = 'app-config'): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${data}`;
}

describe(RULE, () => {
  test('flags a secret-named key with a literal value, on its line', async () => {
    const findings = await findingsOf(RULE, { 'deploy/cm.yaml': configMap('  LOG_LEVEL: info\n  DB_PASSWORD: Xk2p9Lq4\n') });
    expect(findings.map((f) => f.line)).toEqual([7]);
    expect(findings[0]!.message).toContain('ConfigMap app-config, key DB_PASSWORD: holds a literal secret');
    expect(findings[0]!.message).toContain('move the value to a Secret');
  });

  test('flags connection strings with a password, whatever the key is called', async () => {
    const text = configMap(`  DATABASE_URL: ${PG_URL}\n  CACHE: redis://:Zt7wq2Lx@cache:6379/0\n  BROKER: amqp://app:Rb4mQ8sz@rabbit:5672/\n`);
    const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([6, 7, 8]);
    expect(findings[0]!.message).toContain('key DATABASE_URL: holds a PostgreSQL connection string with a password');
    expect(findings[1]!.message).toContain('key CACHE: holds a redis:// URL with a password');
    expect(findings[2]!.message).toContain('amqp:// URL');
  });

  test('flags credential formats found by the scanner', async () => {
    const findings = await findingsOf(RULE, { 'deploy/cm.yaml': configMap(`  S3_KEY: ${AWS_KEY_ID}\n`) });
    expect(findings.map((f) => f.line)).toEqual([6]);
    expect(findings[0]!.message).toContain('holds an AWS access key ID');
  });

  test('flags password lines inside embedded configuration files, on their own lines', async () => {
    const text = configMap(`  app.properties: |
    server.port=8080
    spring.datasource.username=app
    spring.datasource.password=Xk2p9Lq4
    # spring.datasource.password=commented
    jwt.secret = "c2lnbmluZy1rZXk"
  settings.json: |
    {"apiKey": "9f8e7d6c5b4a", "timeout": 30}
`);
    const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([9, 11, 13]);
    expect(findings[0]!.message).toContain('key app.properties: sets spring.datasource.password');
  });

  test('does not flag settings that only describe secrets, references, placeholders or empty values', async () => {
    const text = configMap(`  DB_HOST: db.internal
  DB_PASSWORD_FILE: /run/secrets/db-password
  TOKEN_TTL: "3600"
  PASSWORD_MIN_LENGTH: "12"
  SECRET_NAME: app-secrets
  DB_PASSWORD: ""
  API_KEY: \${API_KEY}
  DATABASE_URL: postgres://db.internal:5432/app
  TEMPLATE_URL: postgres://app:\${DB_PASSWORD}@db:5432/app
  AUTH_ENABLED: "true"
  postgresql.conf: |
    password_encryption = scram-sha-256
    ssl_passphrase_command = ''
    max_connections = 100
  settings.py: |
    PASSWORD = os.environ["DB_PASSWORD"]
    TOKEN = process.env.TOKEN
  prometheus.yml: |
    basic_auth:
      username: prom
      password_file: /etc/prom/password
`);
    expect(await findingsOf(RULE, { 'deploy/cm.yaml': text })).toEqual([]);
  });

  test('does not flag values filled in by Helm', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "app.fullname" . }}
data:
  DB_PASSWORD: {{ .Values.db.password | quote }}
  DATABASE_URL: postgres://app:{{ .Values.db.password }}@db:5432/app
  config.yaml: |
    {{- tpl .Values.config . | nindent 4 }}
  app.ini: |
    password = {{ .Values.password }}
`;
    expect(await findingsOf(RULE, { ...CHART, 'chart/templates/configmap.yaml': text })).toEqual([]);
  });

  test('a Secret is not a ConfigMap (another rule looks at it)', async () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  DB_PASSWORD: Xk2p9Lq4\n';
    expect(await findingsOf(RULE, { 'deploy/secret.yaml': text })).toEqual([]);
  });
});
