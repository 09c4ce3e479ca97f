import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';

const RULE = 'secret-in-helm-values';
// Credential-shaped strings are assembled at run time so that this file holds none.
const MYSQL_URL = ['mysql://app', 'Kd8s2mQp@db:3306/app'].join(':');
const CHART = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
const ACCOUNT_KEY = ['k3Jf9P2+Qw8sLm4Vn7Xy1Zb6', 'Tc0Rd5Ge8Hf2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab=='].join('');
const PEM_HEADER = ['-----BEGIN', 'EC PRIVATE', 'KEY-----'].join(' ');

async function lines(values: string, path = 'chart/values.yaml'): Promise<number[]> {
  return (await findingsOf(RULE, { ...CHART, [path]: values })).map((f) => f.line);
}

describe(RULE, () => {
  test('flags a literal password on its line, with its values path', async () => {
    const findings = await findingsOf(RULE, { ...CHART, 'chart/values.yaml': 'image:\n  tag: 1.2.0\nauth:\n  username: app\n  adminPassword: Tr0ub4dor-3\n' });
    expect(findings.map((f) => f.line)).toEqual([5]);
    expect(findings[0]!.message).toContain('Values auth.adminPassword holds a literal secret');
    expect(findings[0]!.message).toContain('existingSecret');
  });

  test('flags well-known defaults, tokens, client secrets and env-style lists', async () => {
    const values = `grafana:
  adminPassword: changeme
oauth:
  clientSecret: 0a9f8e7d6c5b
  cookieSecret: c2VjcmV0LWNvb2tpZQ
slack:
  apiToken: xq-91b2c3d4
extraEnv:
  - name: SMTP_PASSWORD
    value: mailpass-1
  - name: LOG_LEVEL
    value: info
`;
    expect(await lines(values)).toEqual([2, 4, 5, 7, 10]);
  });

  test('flags environment values files and URLs with a password', async () => {
    expect(await lines(`externalDatabase:\n  url: ${MYSQL_URL}\n`, 'deploy/prod/values.yaml')).toEqual([2]);
    expect(await lines('redis:\n  password: Zt7wq2Lx\n', 'chart/values-prod.yaml')).toEqual([2]);
  });

  test('flags password lines inside embedded configuration', async () => {
    const values = 'config: |\n  [database]\n  user = app\n  password = Kd8s2mQp\n';
    expect(await lines(values)).toEqual([4]);
  });

  test('does not flag empty values, placeholders, references to Secrets and settings', async () => {
    const values = `auth:
  adminPassword: ""
  password:
  existingSecret: app-auth
  existingSecretPasswordKey: admin-password
  passwordKey: admin-password
  secretKeys:
    adminPasswordKey: admin-password
  passwordSecret: db-auth
  tlsSecret: app-tls
  secretName: app-secrets
  token: <REPLACE_ME>
  apiKey: \${API_KEY}
  clientSecret: REPLACE_ME
  sessionSecret: TODO
  jwtSecret: "{{ .Release.Name }}-jwt"
  tokenTTL: 3600
  passwordMinLength: 12
  createSecret: true
  usePasswordFiles: true
  passwordFile: /run/secrets/password
imagePullSecrets: []
serviceAccount:
  automountServiceAccountToken: true
externalDatabase:
  url: postgres://db.internal:5432/app
sops:
  password: ENC[AES256_GCM,data:8sDq3w==,iv:abc=,tag:def=,type:str]
config: |
  password_file = /etc/app/password
  password = \${DB_PASSWORD}
`;
    expect(await lines(values)).toEqual([]);
  });

  test('flags other key names when the value looks like key material, and a private key under any name', async () => {
    const values = `azure:\n  storageAccountKey: "${ACCOUNT_KEY}"\n  topologyKey: topology.kubernetes.io/zone\n  routingKey: orders.created.v2\nwebhook:\n  serverCert: |\n    ${PEM_HEADER}\n    not-really-a-key\n`;
    const findings = await findingsOf(RULE, { ...CHART, 'chart/values.yaml': values });
    expect(findings.map((f) => f.line)).toEqual([2, 7]);
    expect(findings[1]!.message).toContain('Values webhook.serverCert holds a private key');
  });

  test('does not flag public keys, key ids or Secret names that look random', async () => {
    const values = `recaptcha:\n  siteKey: "${ACCOUNT_KEY}"\nkms:\n  encryptionKeyId: "${ACCOUNT_KEY}"\ntls:\n  existingSecret: web-tls-2024\n  secretKey: ""\n`;
    expect(await lines(values)).toEqual([]);
  });
});
