import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';

const RULE = 'mixed-secret-strategies';

const PLAIN = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  token: abc\n';
const SEALED = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: worker\nspec:\n  encryptedData:\n    token: AgBy8hCi3Lq0Tz\n';
const EXTERNAL = 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n  dataFrom:\n    - extract:\n        key: prod/db\n';
const SOPS = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: mail\nstringData:\n  password: ENC[AES256_GCM,data:8sDq3w==,type:str]\nsops:\n  lastmodified: "2024-05-01T10:00:00Z"\n  mac: ENC[AES256_GCM,data:abc=,type:str]\n  version: 3.8.1\n';
const VAULT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject: "true"
        vault.hashicorp.com/role: billing
    spec:
      containers:
        - name: billing
          image: billing:1.0.0
`;

describe(RULE, () => {
  test('reports once, on the changed file, listing each mechanism with a file', async () => {
    const findings = await findingsOf(RULE, [
      added('deploy/worker-sealed.yaml', SEALED),
      context('deploy/api-secret.yaml', PLAIN),
      context('deploy/db-external.yaml', EXTERNAL),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.severity])).toEqual([['deploy/worker-sealed.yaml', 1, 'hint']]);
    expect(findings[0]!.message).toContain('3 different ways');
    expect(findings[0]!.message).toContain('SealedSecret (deploy/worker-sealed.yaml)');
    expect(findings[0]!.message).toContain('plain Secret (deploy/api-secret.yaml)');
    expect(findings[0]!.message).toContain('ExternalSecret (deploy/db-external.yaml)');
  });

  test('recognises SOPS files and Vault agent annotations', async () => {
    const findings = await findingsOf(RULE, [added('deploy/billing.yaml', VAULT), context('deploy/mail.enc.yaml', SOPS)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('Vault (deploy/billing.yaml)');
    expect(findings[0]!.message).toContain('SOPS (deploy/mail.enc.yaml)');
    expect(findings[0]!.message).not.toContain('plain Secret');
  });

  test('prefers an object the change touched', async () => {
    const base = `${EXTERNAL}---\n${PLAIN}`;
    const head = `${EXTERNAL}---\n${PLAIN.replace('token: abc', 'token: abd')}`;
    const findings = await findingsOf(RULE, [modified('deploy/all.yaml', base, head), context('deploy/worker.yaml', SEALED)]);
    expect(findings.map((f) => f.line)).toEqual([12]);
    expect(findings[0]!.onDiff).toBe(true);
  });

  test('names the changed file for its own mechanism, though an unchanged file uses it first', async () => {
    const findings = await findingsOf(RULE, [
      context('deploy/a-sealed.yaml', SEALED),
      context('deploy/b-plain.yaml', PLAIN),
      added('deploy/c-sealed.yaml', SEALED.replace('worker', 'api')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/c-sealed.yaml', 1]]);
    expect(findings[0]!.message).toContain('2 different ways here: SealedSecret (deploy/c-sealed.yaml), plain Secret (deploy/b-plain.yaml).');
  });

  test('without a touched object, reports on the first mechanism of the changed files', async () => {
    const base = `${EXTERNAL}---\n${PLAIN}`;
    const head = `${base}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n`;
    const findings = await findingsOf(RULE, [context('deploy/worker.yaml', SEALED), modified('deploy/all.yaml', base, head)]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['deploy/all.yaml', 1]]);
    expect(findings[0]!.message).toContain('SealedSecret (deploy/worker.yaml), ExternalSecret (deploy/all.yaml), plain Secret (deploy/all.yaml)');
  });

  test('stays quiet with one mechanism, or when no changed file uses one', async () => {
    expect(await findingsOf(RULE, [added('deploy/a.yaml', SEALED), added('deploy/b.yaml', SEALED.replace('worker', 'api'))])).toEqual([]);
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n';
    expect(await findingsOf(RULE, [added('deploy/svc.yaml', service), context('deploy/a.yaml', SEALED), context('deploy/b.yaml', PLAIN)])).toEqual([]);
  });

  test('does not count empty service-account token Secrets or chart options behind an if', async () => {
    const token = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\n  annotations:\n    kubernetes.io/service-account.name: ci\ntype: kubernetes.io/service-account-token\n';
    expect(await findingsOf(RULE, [added('deploy/a.yaml', SEALED), added('deploy/token.yaml', token)])).toEqual([]);
    const chart = { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' };
    const optional = `{{- if .Values.externalSecret.enabled }}\n${EXTERNAL}{{- end }}\n`;
    const secret = `{{- if not .Values.externalSecret.enabled }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  token: {{ .Values.token | quote }}\n{{- end }}\n`;
    expect(await findingsOf(RULE, { ...chart, 'chart/templates/external.yaml': optional, 'chart/templates/secret.yaml': secret })).toEqual([]);
  });
});
