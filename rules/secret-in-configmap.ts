import { defineRule } from '../src/engine/rule.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { asMap, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { embeddedSecrets } from '../src/secrets/embedded.js';
import { isSecretName } from '../src/secrets/names.js';
import { credentialsIn } from '../src/secrets/scan.js';
import { isLiteralSecret, urlPasswords } from '../src/secrets/values.js';

// Assembled at run time so that this file holds no credential-shaped text for scanners to find.
const DB_URL = ['postgres://api', 'Xk2p9Lq4@db.internal:5432/api'].join(':');

export default defineRule({
  id: 'secret-in-configmap',
  antipattern: 14,
  severity: 'error',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Keep secrets out of ConfigMaps',
    summary: 'A ConfigMap key named like a password or token, or a value holding a credential, stores a secret where anyone may read it.',
    why: [
      'ConfigMaps are meant to be read: many roles that may not read Secrets may read ConfigMaps, they are not encrypted at rest even when Secrets are,',
      'and their content shows up in `kubectl describe`, dashboards and logs. A password in one is also committed to git.',
      'The rule looks at secret-named keys with a literal value, at `password = ...` lines in embedded configuration files,',
      'at URLs with an embedded password (`postgres://app:pass@db`), and at real credential formats. Empty values, placeholders and values filled in by Helm are not reported.',
    ].join(' '),
    fix: [
      'Move the value to a Secret (from a secret store, a SealedSecret or SOPS) and hand it to the container with `secretKeyRef`,',
      'or mount it as a file; keep only non-secret settings in the ConfigMap and let the application combine them.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/config.yaml',
        bad: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  LOG_LEVEL: info\n  DATABASE_URL: ${DB_URL}\n`,
        good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  LOG_LEVEL: info\n  DATABASE_HOST: db.internal\n  DATABASE_PASSWORD_FILE: /run/secrets/db-password\n',
      },
    ],
  },
  async check(ctx) {
    const configMaps = ctx.objects().filter((o) => o.kind === 'ConfigMap');
    if (configMaps.length === 0) return;
    const hits = await credentialsIn(ctx.file);
    const lines = (ctx.file.yaml?.text ?? ctx.text).split('\n');
    for (const object of configMaps) {
      // One reason per line, the most specific first: a secret-named key, a known credential format, the rest.
      const found = new Map<number, { key: string; what: string }>();
      const add = (line: number, key: string, what: string): void => {
        if (!found.has(line)) found.set(line, { key, what });
      };
      for (const pair of asMap(object.doc, child(object.doc, object.map, 'data'))?.items ?? []) {
        const key = scalarString(object.doc, pair.key);
        const value = scalarString(object.doc, pair.value);
        const span = ctx.lines(pair.value as YNode);
        if (key === undefined || value === undefined || !span || isTemplated(key)) continue;
        const multiLine = value.includes('\n');
        if (!multiLine && isSecretName(key) && isLiteralSecret(value)) add(span[0], key, 'holds a literal secret');
        for (const h of hits) if (h.line >= span[0] && h.line <= span[1]) add(h.line, key, `holds ${h.what}`);
        if (multiLine) {
          for (const e of embeddedSecrets(lines, span[0], span[1])) add(e.line, key, e.what);
        } else {
          const url = urlPasswords(value)[0];
          if (url) add(span[0], key, `holds a ${url.scheme}:// URL with a password`);
        }
      }
      for (const [line, { key, what }] of [...found].sort((a, b) => a[0] - b[0])) {
        ctx.report(line, `ConfigMap ${object.name}, key ${key}: ${what}. ConfigMaps are readable by far more people and tools than Secrets: move the value to a Secret and reference it with secretKeyRef or a mounted file.`);
      }
    }
  },
});
