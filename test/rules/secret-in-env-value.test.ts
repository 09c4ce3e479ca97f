import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'secret-in-env-value';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
// Credential-shaped strings are assembled at run time so that this file holds none.
const join = (...parts: string[]): string => parts.join('');
const BATCH_KEY = join('k3Jf9P2+Qw8sLm4Vn7Xy1Zb6', 'Tc0Rd5Ge8Hf2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab==');
const PEM_HEADER = ['-----BEGIN', 'RSA PRIVATE', 'KEY-----'].join(' ');
const PEM_FOOTER = ['-----END', 'RSA PRIVATE', 'KEY-----'].join(' ');

/** A Deployment whose container `api` has these env entries (indented for `env:` at 10 spaces). */
function deployment(env: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.4.2
          env:
${env}`;
}

describe(RULE, () => {
  test('flags a literal secret value on its value line, naming the container, with a secretKeyRef suggestion', async () => {
    const text = deployment(`            - name: DB_PASSWORD
              value: s3cr3t-pass
            - name: LOG_LEVEL
              value: debug
`);
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([13]);
    expect(findings[0]!.message).toContain('Deployment api, container api: environment variable DB_PASSWORD has a literal secret value');
    expect(findings[0]!.message).toContain('kubectl create secret generic api-secrets --from-literal=DB_PASSWORD=');
    expect(findings[0]!.suggestion).toBe([
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: api-secrets',
      '                  key: DB_PASSWORD',
    ].join('\n'));
  });

  test('keeps the list dash when value comes first, and covers a block scalar', async () => {
    const text = deployment(`            - value: ghp-like-but-not-a-token-123
              name: GITHUB_TOKEN
            - name: PRIVATE_KEY
              value: |
                line one
                line two
`);
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': text });
    expect(findings.map((f) => [f.line, f.endLine])).toEqual([[12, 12], [15, 17]]);
    expect(findings[0]!.suggestion!.split('\n')[0]).toBe('            - valueFrom:');
    expect(findings[0]!.suggestion!.split('\n')[1]).toBe('                secretKeyRef:');
    expect(findings[1]!.suggestion!.split('\n')[0]).toBe('              valueFrom:');
  });

  test('recognises secret-like names in their usual spellings', async () => {
    const names = ['API_KEY', 'STRIPE_APIKEY', 'AWS_SECRET_ACCESS_KEY', 'MINIO_ACCESS_KEY', 'CLIENT_SECRET', 'SECRET_KEY', 'authToken', 'GOOGLE_CREDENTIALS', 'DB_PASSWD', 'DB_PASS', 'SIGNING_KEY', 'SSH_PASSPHRASE'];
    const env = names.map((n) => `            - name: ${n}\n              value: Zq8vLw3xR1\n`).join('');
    expect(await linesOf(RULE, 'deploy/api.yaml', deployment(env))).toHaveLength(names.length);
  });

  test('flags init containers and CronJobs too', async () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch
              image: fetch:1.0.0
              env:
                - name: API_TOKEN
                  value: 71c2d9aa0f
`;
    const findings = await findingsOf(RULE, { 'deploy/report.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([16]);
    expect(findings[0]!.message).toContain('CronJob report, init container fetch');
  });

  test('does not flag secretKeyRef, names that describe a secret, references, paths and placeholders', async () => {
    const text = deployment(`            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
            - name: DB_PASSWORD_FILE
              value: /run/secrets/db-password
            - name: TOKEN_PATH
              value: /var/run/secrets/tokens/api
            - name: TOKEN_TTL
              value: "3600"
            - name: PASSWORD_MIN_LENGTH
              value: "12"
            - name: SECRET_NAME
              value: api-secrets
            - name: AWS_ACCESS_KEY_ID
              value: minio-admin
            - name: TOKEN_URL
              value: https://auth.example.com/oauth/token
            - name: GOOGLE_APPLICATION_CREDENTIALS
              value: /var/secrets/google/key.json
            - name: DB_PASSWORD_COPY
              value: $(DB_PASSWORD)
            - name: API_KEY
              value: ""
            - name: ADMIN_PASSWORD
              value: <REPLACE_ME>
            - name: SESSION_SECRET
              value: \${SESSION_SECRET}
            - name: KEYCLOAK_CLIENT_SECRET
              value: REPLACE_ME
            - name: TLS_SECRET
              value: api-tls
            - name: TOKENIZER_MODEL
              value: bert-base
            - name: PASSWORD_AUTH_ENABLED
              value: "true"
            - name: VAULT_TOKEN
              value: vault:secret/data/api#token
`);
    expect(await findingsOf(RULE, { 'deploy/api.yaml': text })).toEqual([]);
  });

  test('does not flag values filled in by Helm', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            - name: DB_PASSWORD
              value: {{ .Values.db.password | quote }}
            - name: API_TOKEN
              value: "{{ .Values.apiToken }}"
`;
    expect(await findingsOf(RULE, { ...CHART, 'chart/templates/deployment.yaml': text })).toEqual([]);
  });

  test('in a template, a literal value is flagged and the suggested Secret name falls back when the name is templated', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.4.2
          env:
            - name: DB_PASSWORD
              value: hunter22
`;
    const findings = await findingsOf(RULE, { ...CHART, 'chart/templates/deployment.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([13]);
    expect(findings[0]!.message).toContain('Deployment (templated name), container api');
    expect(findings[0]!.suggestion).toContain('name: app-secrets');
  });

  describe('credential-shaped names beyond a fixed word list', () => {
    test('any key name with a value that looks like key material', async () => {
      const names = ['AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT', 'STORAGE_ACCOUNT_KEY', 'SESSION_KEY', 'DB_SECRET', 'BASIC_AUTH', 'KEY'];
      const env = names.map((n) => `            - name: ${n}\n              value: "${BATCH_KEY}"\n`).join('');
      const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment(env) });
      expect(findings.map((f) => f.message.split(' has ')[0]!.split('variable ')[1])).toEqual(names);
    });

    test('a hex key or a UUID under a key name', async () => {
      const env = `            - name: LICENSE_SERVER_KEY\n              value: ${join('d41d8cd98f00b204', 'e9800998ecf8427e')}\n            - name: INSTRUMENTATION_KEY\n              value: ${join('3f2504e0-4f89-11d3', '-9a0c-0305e82c3301')}\n`;
      expect(await linesOf(RULE, 'deploy/api.yaml', deployment(env))).toEqual([13, 15]);
    });

    test('a private key block, whatever the name and even when the body is not a valid key', async () => {
      const env = `            - name: OCI_CLI_KEY_CONTENT\n              value: |\n                ${PEM_HEADER}\n                not really a key\n                ${PEM_FOOTER}\n            - name: IDENTITY\n              value: "${PEM_HEADER}\\nMIIB\\n${PEM_FOOTER}"\n`;
      const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment(env) });
      expect(findings.map((f) => f.line)).toEqual([13, 18]);
      expect(findings[0]!.message).toContain('environment variable OCI_CLI_KEY_CONTENT holds a private key');
    });

    test('URLs and connection strings with a password, whatever the name', async () => {
      const env = [
        ['DATABASE_URL', join('postgres://app:', 'Xk2p9Lq4', '@db:5432/app')],
        ['ConnectionStrings__Default', join('Server=db;Database=app;User Id=sa;', 'Password=Str0ng-pass;')],
        ['PG_DSN', join('host=db user=app ', 'password=s3cr3t-pw', ' dbname=app')],
        ['MYSQL_DSN', join('app:', 'Xk2p9Lq4', '@tcp(db:3306)/app')],
      ].map(([n, v]) => `            - name: ${n}\n              value: "${v}"\n`).join('');
      const findings = await findingsOf(RULE, { 'deploy/api.yaml': deployment(env) });
      expect(findings.map((f) => f.line)).toEqual([13, 15, 17, 19]);
      expect(findings[0]!.message).toContain('DATABASE_URL holds a postgres:// URL with a password');
      expect(findings[1]!.message).toContain('holds a connection string with a password');
    });

    test('does not flag key names with words, identifiers, paths or public keys as values', async () => {
      const env = [
        ['ROUTING_KEY', 'orders.created.v2'], ['PARTITION_KEY', 'tenant_id'], ['CACHE_KEY_PREFIX', 'web-v2'], ['S3_KEY', 'uploads/2024/report-final-v3.pdf'],
        ['TOPOLOGY_KEY', 'topology.kubernetes.io/zone'], ['SORT_KEY', 'CreatedAtV2Index'], ['PRIMARY_KEY_COLUMN', 'id'], ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLEONLY'],
        ['TLS_SECRET', 'api-tls-2024'], ['DB_SECRET', 'db-credentials'], ['BASIC_AUTH', 'enabled'], ['RECAPTCHA_SITE_KEY', BATCH_KEY], ['JWT_PUBLIC_KEY', BATCH_KEY],
        ['SIGNING_KEY_PATH', '/etc/keys/signing.pem'], ['ENCRYPTION_KEY_ID', BATCH_KEY], ['KEY_VAULT_NAME', 'shop-kv-prod01'], ['REGION_KEY', 'eu-west-1'],
        ['CACHE_KEY', join('9f86d081884c7d65', '9a2feaa0c55ad015')], ['AZURE_BATCH_KEY', '${AZURE_BATCH_KEY}'], ['OCI_CLI_KEY_CONTENT', '$(OCI_KEY)'],
        ['CA_BUNDLE', ['-----BEGIN', 'CERTIFICATE-----'].join(' ')], ['PUBLIC_PEM', ['-----BEGIN', 'PUBLIC KEY-----'].join(' ')],
        ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app'], ['CONN', 'Server=db;Database=app;User Id=sa;Password=${DB_PASSWORD};'], ['JAVA_OPTS', '-Xmx512m -Dpassword.policy=strict'],
      ].map(([n, v]) => `            - name: ${n}\n              value: "${v}"\n`).join('');
      expect(await findingsOf(RULE, { 'deploy/api.yaml': deployment(env) })).toEqual([]);
    });

    test('does not flag a private key whose body Helm fills in', async () => {
      const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.4.2
          env:
            - name: SIGNING_KEY_CONTENT
              value: |
                ${PEM_HEADER}
                {{ .Values.signingKey | nindent 16 }}
                ${PEM_FOOTER}
`;
      expect(await findingsOf(RULE, { ...CHART, 'chart/templates/deployment.yaml': text })).toEqual([]);
    });
  });
});
