import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'secret-in-env-value';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };

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
});
