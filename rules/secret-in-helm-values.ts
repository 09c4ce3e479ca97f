import { isScalar, type Scalar } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import { walkValues } from '../src/helm/chart.js';
import { child, scalarString, type YNode } from '../src/parse/yaml.js';
import { embeddedSecrets } from '../src/secrets/embedded.js';
import { holdsSecret } from '../src/secrets/names.js';
import { privateKeyBlocks, urlPasswords } from '../src/secrets/values.js';

const ADVICE = 'Leave it empty in the committed values and supply it at install time from a secret store, or point the chart at an existing Secret (existingSecret).';

export default defineRule({
  id: 'secret-in-helm-values',
  antipattern: 14,
  severity: 'error',
  kinds: ['helm-values'],
  docs: {
    title: 'Keep passwords and tokens out of chart values',
    summary: 'A literal password, token or key in a values file is committed to git and rendered into every release of the chart.',
    why: [
      'Values files are plain text in the repository and are stored in the release record inside the cluster, where `helm get values` shows them.',
      'A default password in a chart also ends up in every install that forgets to override it.',
      'Empty strings, obvious placeholders, `tpl` expressions and references such as `existingSecret: my-secret` or `passwordSecret: db-auth` are not reported;',
      'well-known defaults such as `changeme` or `admin` are, because they get deployed unchanged.',
      'Other keys (`storageAccountKey`, `dbSecret`) count when their value looks like key material, and a private key block counts under any name.',
    ].join(' '),
    fix: [
      'Keep the secret out of the values: let the chart read it from an existing Secret (`existingSecret`),',
      'pass it at install time (`--set-file`, helm-secrets, the CI secret store), or have the chart generate it on first install.',
    ].join(' '),
    examples: [
      {
        path: 'chart/values.yaml',
        context: { 'chart/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n' },
        bad: 'auth:\n  username: app\n  adminPassword: Tr0ub4dor-3\n',
        good: 'auth:\n  username: app\n  adminPassword: ""\n  existingSecret: app-auth\n',
      },
    ],
  },
  check(ctx) {
    const yaml = ctx.file.yaml;
    if (!yaml) return;
    const label = (path: readonly string[]): string => path.join('.').replace(/\.\[/g, '[');
    walkValues(yaml, (map, path, _key, doc) => {
      // Env-style lists in values: `extraEnv: [{ name: DB_PASSWORD, value: ... }]`.
      const envName = scalarString(doc, child(doc, map, 'name'));
      const envValue = child(doc, map, 'value');
      const envText = stringValue(envValue);
      if (envName !== undefined && envText !== undefined && holdsSecret(envName, envText)) {
        ctx.report(envValue!, `Values ${label(path)}: environment variable ${envName} has a literal secret value. Reference a Secret with valueFrom.secretKeyRef instead.`);
      }
      for (const pair of map.items) {
        const key = scalarString(doc, pair.key);
        const text = stringValue(pair.value as YNode);
        if (key === undefined || text === undefined || (key === 'value' && envName !== undefined)) continue;
        const where = label([...path, key]);
        if (text.includes('\n')) {
          const span = ctx.lines(pair.value as YNode);
          if (span && privateKeyBlocks(text).length > 0) {
            const header = ctx.file.lines.findIndex((l, i) => i + 1 >= span[0] && i + 1 <= span[1] && l.includes('PRIVATE KEY'));
            ctx.report(header >= 0 ? header + 1 : span[0], `Values ${where} holds a private key. ${ADVICE}`);
            continue;
          }
          for (const e of span ? embeddedSecrets(ctx.file.lines, span[0], span[1]) : []) {
            ctx.report(e.line, `Values ${where}: the embedded configuration ${e.what}. ${ADVICE}`);
          }
        } else if (holdsSecret(key, text)) {
          ctx.report(pair.value as YNode, `Values ${where} holds a literal secret. ${ADVICE}`);
        } else {
          const url = urlPasswords(text)[0];
          if (url) ctx.report(pair.value as YNode, `Values ${where} holds a ${url.scheme}:// URL with a password. ${ADVICE}`);
        }
      }
    });
  },
});

/** Only strings can be secrets here: numbers and booleans in values are settings. */
function stringValue(node: YNode | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = (node as Scalar).value;
  return typeof value === 'string' ? value : undefined;
}
