import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'plaintext-secret-manifest';
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function secret(body: string, extra = ''): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: db
${extra}${body}`;
}

describe(RULE, () => {
  test('flags literal base64 data once per Secret, on the first literal key, listing the keys', async () => {
    const text = secret(`data:\n  username: ${b64('app')}\n  password: ${b64('Xk2p9Lq4')}\n`);
    const findings = await findingsOf(RULE, { 'deploy/secret.yaml': text });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[6, [6, 7]]]);
    expect(findings[0]!.message).toContain('Secret db: keys "username", "password" hold values committed in plain text');
    expect(findings[0]!.message).toContain('base64 is an encoding');
  });

  test('flags stringData, and values that are not valid base64', async () => {
    expect(await linesOf(RULE, 'deploy/secret.yaml', secret('stringData:\n  token: 9f8e7d6c5b4a\n'))).toEqual([6]);
    expect(await linesOf(RULE, 'deploy/secret.yaml', secret('data:\n  password: not base64!\n'))).toEqual([6]);
  });

  test('a well-known default password is still a committed secret', async () => {
    expect(await linesOf(RULE, 'deploy/secret.yaml', secret('stringData:\n  password: changeme\n'))).toEqual([6]);
  });

  test('flags a literal value in a Helm template and skips the templated ones', async () => {
    const text = `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "app.fullname" . }}
stringData:
  url: {{ .Values.url | quote }}
  apiKey: 3b1f9c0d2e7a
`;
    const findings = await findingsOf(RULE, { ...CHART, 'chart/templates/secret.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([7]);
    expect(findings[0]!.message).toContain('Secret (templated name): key "apiKey"');
  });

  test('does not flag templated values, placeholders, or values decoding to placeholders', async () => {
    const template = `{{- if not .Values.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}
data:
  password: {{ .Values.password | b64enc | quote }}
  config.yaml: |
    {{- tpl .Values.config . | nindent 4 }}
{{- end }}
`;
    expect(await findingsOf(RULE, { ...CHART, 'chart/templates/secret.yaml': template })).toEqual([]);
    const placeholders = secret(`stringData:
  a: ""
  b: <REPLACE_ME>
  c: \${DB_PASSWORD}
  d: REPLACE_ME
  e: TODO
data:
  f: ${b64('<REPLACE_ME>')}
  g: ""
  h: ${b64('')}
`);
    expect(await findingsOf(RULE, { 'deploy/secret.yaml': placeholders })).toEqual([]);
  });

  test('does not flag SealedSecrets, ExternalSecrets, SOPS-encrypted Secrets or empty service-account tokens', async () => {
    const sealed = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy8hCi3Lq0TzX9\n';
    const external = 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/db\n';
    const sops = secret(`stringData:
  password: ENC[AES256_GCM,data:8sDq3w==,iv:abc=,tag:def=,type:str]
sops:
  age:
    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgp
  lastmodified: "2024-05-01T10:00:00Z"
  mac: ENC[AES256_GCM,data:abc=,type:str]
  version: 3.8.1
`);
    const encryptedOnly = secret('data:\n  password: ENC[AES256_GCM,data:8sDq3w==,iv:abc=,tag:def=,type:str]\n');
    const token = secret('', 'type: kubernetes.io/service-account-token\n');
    const emptyData = secret('data: {}\n');
    for (const text of [sealed, external, sops, encryptedOnly, token, emptyData]) {
      expect(await findingsOf(RULE, { 'deploy/secret.yaml': text })).toEqual([]);
    }
  });

  test('a ConfigMap is not a Secret (another rule looks at it)', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  password: Xk2p9Lq4\n';
    expect(await findingsOf(RULE, { 'deploy/cm.yaml': text })).toEqual([]);
  });
});
