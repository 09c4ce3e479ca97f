import { defineRule } from '../src/engine/rule.js';
import { isTemplated } from '../src/parse/helm-mask.js';
import { asMap, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { embeddedSecrets } from '../src/secrets/embedded.js';
import { holdsSecret, isSecretName } from '../src/secrets/names.js';
import { credentialsIn } from '../src/secrets/scan.js';
import { hasConnectionStringPassword, isLiteralSecret, isSecretOrPlaceholder, privateKeyBlocks, urlPasswords } from '../src/secrets/values.js';

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
      'at URLs and connection strings with an embedded password (`postgres://app:pass@db`, `Server=db;Password=pass`), at private key blocks (a `BEGIN ... PRIVATE KEY` header is enough), and at real credential formats.',
      'A key named as a password, token or secret is reported even when its value is a placeholder (`changeme`, `xxxxx`, `<your-token>`): the real value will be written in the same place.',
      'Other keys (`AZURE_BATCH_KEY`, `DB_SECRET`) count when their value looks like key material. Empty values, `none`, and values filled in by Helm or by substitution (`${VAR}`) are not reported.',
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
    // A Helm template's masked text, whose lines differ from the file's; otherwise the file's own lines.
    const lines = ctx.file.yaml && ctx.file.yaml.text !== ctx.text ? ctx.file.yaml.text.split('\n') : ctx.file.lines;
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
        // A private key, valid or not: the line of its header.
        for (const block of privateKeyBlocks(value)) {
          const header = span[0] + lineOffset(value, block.index, span, lines);
          let footer = header;
          while (footer < span[1] && !(lines[footer - 1] ?? '').includes('-----END')) footer++;
          // A key block whose body a template writes (`{{ .Values.tls.key | nindent 4 }}`) is a template for a key, not one.
          if (!ctx.hasTemplateActions([header, footer])) add(header, key, 'holds a private key');
        }
        const secretName = isSecretName(key);
        if (!multiLine && secretName && holdsSecret(key, value)) add(span[0], key, 'holds a literal secret');
        // Named as a credential: a ConfigMap is the wrong home even for a placeholder, whose real value will be filled in here.
        if (!multiLine && secretName && !isLiteralSecret(value) && isSecretOrPlaceholder(value)) add(span[0], key, 'is named as a credential, and its placeholder value will be replaced by the real one here');
        for (const h of hits) if (h.line >= span[0] && h.line <= span[1]) add(h.line, key, `holds ${h.what}`);
        // Any other key name (`AZURE_BATCH_KEY`): only a value shaped like key material.
        if (!multiLine && !secretName && holdsSecret(key, value)) add(span[0], key, 'holds a literal secret');
        if (multiLine) {
          for (const e of embeddedSecrets(lines, span[0], span[1])) add(e.line, key, e.what);
          for (let line = span[0]; line <= span[1]; line++) {
            if (hasConnectionStringPassword(lines[line - 1] ?? '')) add(line, key, 'has a connection string with a password');
          }
        } else {
          const url = urlPasswords(value)[0];
          if (url) add(span[0], key, `holds a ${url.scheme}:// URL with a password`);
          else if (hasConnectionStringPassword(value)) add(span[0], key, 'holds a connection string with a password');
        }
      }
      for (const [line, { key, what }] of [...found].sort((a, b) => a[0] - b[0])) {
        ctx.report(line, `ConfigMap ${object.name}, key ${key}: ${what}. ConfigMaps are readable by far more people and tools than Secrets: move the value to a Secret and reference it with secretKeyRef or a mounted file.`);
      }
    }
  },
});

/**
 * The line of a value offset within a value that spans `span`: a block scalar's lines are the
 * file's lines from the one after its indicator, so the header's text is found among them.
 */
function lineOffset(value: string, index: number, span: readonly [number, number], lines: readonly string[]): number {
  const header = value.slice(index, value.indexOf('\n', index) < 0 ? undefined : value.indexOf('\n', index)).trim();
  for (let line = span[0]; line <= span[1]; line++) if ((lines[line - 1] ?? '').includes(header)) return line - span[0];
  return 0;
}
