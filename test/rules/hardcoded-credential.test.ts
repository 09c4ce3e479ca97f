import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';

const RULE = 'hardcoded-credential';
// Credential-shaped strings are assembled at run time so that this file holds none.
const join = (...parts: string[]): string => parts.join('');
const AWS_KEY_ID = join('AKIA', 'Q3HX7TBN', '2WZL5KFD');
const AWS_SECRET = join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYZQ3HX7TBN2');
const PG_URL = join('postgres://app:', 'Xk2p9Lq4', '@db.internal:5432/app');
const PRIVATE_KEY = [
  join('-----BEGIN ', 'RSA PRIVATE KEY-----'),
  ...Array.from({ length: 6 }, (_, i) => `MIIEowIBAAKCAQEA${'x'.repeat(40)}${i}`),
  join('-----END ', 'RSA PRIVATE KEY-----'),
].join('\n');

describe(RULE, () => {
  test('flags an AWS access key ID in a manifest, on its line', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: backup\nspec:\n  containers:\n    - name: backup\n      image: backup:2.1.0\n      args: ["--key-id", "${AWS_KEY_ID}"]\n`;
    const findings = await findingsOf(RULE, { 'deploy/backup.yaml': text });
    expect(findings.map((f) => f.line)).toEqual([9]);
    expect(findings[0]!.message).toContain('an AWS access key ID');
    expect(findings[0]!.message).not.toContain(AWS_KEY_ID);
  });

  test('scans every text file: scripts, source, Terraform, and files of no catalog kind', async () => {
    const findings = await findingsOf(RULE, {
      'scripts/deploy.sh': `#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"\n`,
      'src/db.ts': `export const url = '${PG_URL}';\n`,
      'infra/main.tf': `provider "aws" {\n  access_key = "${AWS_KEY_ID}"\n}\n`,
      'notes/setup.md': `Connect with:\n\n    ${PG_URL}\n`,
    });
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ['infra/main.tf', 2], ['notes/setup.md', 3], ['scripts/deploy.sh', 2], ['src/db.ts', 1],
    ]);
    expect(findings.find((f) => f.file === 'scripts/deploy.sh')!.message).toContain('AWS secret access key');
  });

  test('a private key is anchored on its first line and spans the block', async () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\nstringData:\n  tls.key: |\n${PRIVATE_KEY.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    const findings = await findingsOf(RULE, { 'deploy/tls.yaml': text });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[7, [7, 14]]]);
    expect(findings[0]!.message).toContain('a private key');
  });

  test('does not flag AWS documentation keys, account IDs, or look-alikes', async () => {
    const text = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'role: arn:aws:iam::123456789012:role/deploy',
      'aws_account_id: 123456789012',
      'url: postgres://app:${DB_PASSWORD}@db:5432/app',
      'url2: postgres://db.internal:5432/app',
      'image: registry.example.com/AKIA/app:1.0.0',
      '',
    ].join('\n');
    expect(await findingsOf(RULE, { 'config/settings.yaml': text })).toEqual([]);
  });

  test('does not flag SealedSecret ciphertext or SOPS values', async () => {
    const sealed = `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy8hCi3Lq0TzX9${'Qw'.repeat(100)}==\n`;
    const sops = 'password: ENC[AES256_GCM,data:8sDq3w==,iv:abc=,tag:def=,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:abc=,type:str]\n  version: 3.8.1\n';
    expect(await findingsOf(RULE, { 'deploy/sealed.yaml': sealed, 'secrets/app.enc.yaml': sops })).toEqual([]);
  });
});
