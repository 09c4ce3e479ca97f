import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';

const RULE = 'secret-in-configmap';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
// Credential-shaped strings are assembled at run time so that this file holds none.
const join = (...parts: string[]): string => parts.join('');
const PG_URL = join('postgres://app:', 'Xk2p9Lq4', '@db.internal:5432/app');
const AWS_KEY_ID = join('AKIA', 'Q3HX7TBN', '2WZL5KFD');
const BATCH_KEY = join('k3Jf9P2+Qw8sLm4Vn7Xy1Zb6', 'Tc0Rd5Ge8Hf2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab==');
const PEM_HEADER = ['-----BEGIN', 'PRIVATE', 'KEY-----'].join(' ');
const PEM_FOOTER = ['-----END', 'PRIVATE', 'KEY-----'].join(' ');

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

  describe('credential names, placeholders, private keys and connection strings', () => {
    test('a key named as a credential is a finding even with a placeholder value: the ConfigMap is the wrong home', async () => {
      const text = configMap('  DB_PASSWORD: changeme\n  API_TOKEN: xxxxx\n  CLIENT_SECRET: <your-client-secret>\n  ADMIN_PASSWORD: REPLACE_ME\n');
      const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
      expect(findings.map((f) => f.line)).toEqual([6, 7, 8, 9]);
      expect(findings[0]!.message).toContain('key DB_PASSWORD: holds a literal secret');
      expect(findings[1]!.message).toContain('key API_TOKEN: is named as a credential, and its placeholder value will be replaced by the real one here');
    });

    test('other key names with a value that looks like key material', async () => {
      const text = configMap(`  AZURE_BATCH_KEY: "${BATCH_KEY}"\n  OCI_CLI_KEY_CONTENT: "${BATCH_KEY}"\n  ROUTING_KEY: orders.created.v2\n`);
      const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
      expect(findings.map((f) => f.line)).toEqual([6, 7]);
      expect(findings[0]!.message).toContain('key AZURE_BATCH_KEY: holds a literal secret');
    });

    test('a private key block under any key, on its header line, even when the body is not a valid key', async () => {
      const text = configMap(`  LOG_LEVEL: info\n  tls.pem: |\n    # the service key\n    ${PEM_HEADER}\n    not-a-real-key\n    ${PEM_FOOTER}\n`);
      const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
      expect(findings.map((f) => f.line)).toEqual([9]);
      expect(findings[0]!.message).toContain('key tls.pem: holds a private key');
    });

    test('connection strings with a password, single-line and inside embedded files', async () => {
      const text = configMap(`  DB: "${join('Server=db;Database=app;User Id=sa;', 'Password=Str0ng-pass;')}"\n  appsettings.ini: |\n    [db]\n    conn = ${join('host=db user=app ', 'password=s3cr3t-pw', ' dbname=app')}\n`);
      const findings = await findingsOf(RULE, { 'deploy/cm.yaml': text });
      expect(findings.map((f) => f.line)).toEqual([6, 9]);
      expect(findings[0]!.message).toContain('key DB: holds a connection string with a password');
    });

    test('does not flag empty, "none", substituted or referenced values under credential names, nor public keys and certificates', async () => {
      const text = configMap([
        '  DB_PASSWORD: ""', '  REDIS_PASSWORD: none', '  API_KEY: ${API_KEY}', '  API_TOKEN: $(API_TOKEN)', '  SESSION_SECRET: __SESSION_SECRET__',
        '  DB_PASSWORD_FILE: /run/secrets/db', '  VAULT_TOKEN: vault:secret/data/app#token', '  TOKEN_AUTH: "true"',
        '  ROUTING_KEY: orders.created.v2', '  TLS_SECRET: web-tls', `  SITE_KEY: "${BATCH_KEY}"`,
        `  ca.crt: |\n    ${['-----BEGIN', 'CERTIFICATE-----'].join(' ')}\n    MIIB\n    ${['-----END', 'CERTIFICATE-----'].join(' ')}`,
        '  DB_CONN: "Server=db;Database=app;User Id=sa;Password=${DB_PASSWORD};"',
      ].join('\n') + '\n');
      expect(await findingsOf(RULE, { 'deploy/cm.yaml': text })).toEqual([]);
    });

    test('does not flag a private key whose body Helm fills in', async () => {
      const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "app.fullname" . }}
data:
  tls.pem: |
    ${PEM_HEADER}
    {{ .Values.tls.key | nindent 4 }}
    ${PEM_FOOTER}
`;
      expect(await findingsOf(RULE, { ...CHART, 'chart/templates/configmap.yaml': text })).toEqual([]);
    });
  });
});
