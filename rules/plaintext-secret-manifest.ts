import { defineRule } from '../src/engine/rule.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { asMap, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { isSecretObject, isSopsDocument } from '../src/secrets/strategies.js';
import { decodeBase64, isEncryptedValue, isPlaceholder } from '../src/secrets/values.js';

export default defineRule({
  id: 'plaintext-secret-manifest',
  antipattern: 14,
  severity: 'error',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Do not commit Secret manifests with real values',
    summary: 'A `kind: Secret` with literal `data` or `stringData` puts the secret in git for everyone with read access, forever.',
    why: [
      'The values under `data` are base64, which anyone can decode: it is an encoding, not encryption.',
      'Once pushed, the secret stays in the history of every clone and fork even after the file is changed, so it has to be rotated.',
      'Empty values, obvious placeholders and values filled in by Helm are not reported; SealedSecret, ExternalSecret and SOPS-encrypted files are fine.',
    ].join(' '),
    fix: [
      'Keep only encrypted or referenced secrets in the repository: encrypt the manifest with SOPS, commit a SealedSecret,',
      'or describe where the value lives with an ExternalSecret (or the Vault agent, or the Secrets Store CSI driver).',
      'Rotate any credential that was already pushed.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/db-secret.yaml',
        bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: czNjcjN0LXBhc3M=\n',
        good: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n  target:\n    name: db\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/db\n        property: password\n',
      },
      {
        path: 'chart/templates/secret.yaml',
        context: { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
        bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-api\nstringData:\n  token: 9f8e7d6c5b4a\n',
        good: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-api\nstringData:\n  token: {{ required "apiToken is required" .Values.apiToken | quote }}\n',
      },
    ],
  },
  check(ctx) {
    for (const object of ctx.objects()) {
      if (!isSecretObject(object) || isSopsDocument(object.doc)) continue;
      const literal: Array<{ section: string; key: string; node: YNode }> = [];
      for (const section of ['data', 'stringData']) {
        for (const pair of asMap(object.doc, child(object.doc, object.map, section))?.items ?? []) {
          const key = scalarString(object.doc, pair.key);
          const value = scalarString(object.doc, pair.value);
          if (key === undefined || value === undefined || isTemplated(key) || isTemplated(value) || isEncryptedValue(value)) continue;
          // A block scalar filled by `{{ tpl ... }}` lines reads as comments once masked: unknown.
          const lines = ctx.lines(pair.value as YNode);
          if (lines && ctx.hasTemplateActions(lines)) continue;
          const text = section === 'data' ? decodeBase64(value) ?? value : value;
          if (isPlaceholder(text) || isPlaceholder(value)) continue;
          literal.push({ section, key, node: pair.value as YNode });
        }
      }
      const first = literal[0];
      if (!first) continue;
      const firstLines = ctx.lines(first.node);
      const lastLines = ctx.lines(literal[literal.length - 1]!.node);
      const keys = literal.map((l) => `"${l.key}"`).join(', ');
      const encoded = literal.some((l) => l.section === 'data') ? ' (base64 is an encoding, not encryption)' : '';
      ctx.report(first.node, `Secret ${object.name}: ${literal.length === 1 ? `key ${keys} holds a value` : `keys ${keys} hold values`} committed in plain text${encoded}. Commit a SealedSecret or a SOPS-encrypted file, or sync it with an ExternalSecret, and rotate what was pushed.`, {
        span: firstLines && lastLines ? [firstLines[0], lastLines[1]] : undefined,
      });
    }
  },
});
