import { defineRule } from '../src/engine/rule.js';
import { envOf, secretKeyRefSuggestion, suggestedSecretName, valueLines } from '../src/secrets/env.js';
import { holdsSecret, shown } from '../src/secrets/names.js';
import { hasConnectionStringPassword, hasPrivateKeyBlock, urlPasswords } from '../src/secrets/values.js';

export default defineRule({
  id: 'secret-in-env-value',
  antipattern: 14,
  severity: 'error',
  kinds: ['manifest', 'helm-template'],
  docs: {
    title: 'Pass secrets to containers with secretKeyRef, not a literal value',
    summary: 'An environment variable named like a password, token or key with a literal `value` puts the secret in the manifest.',
    why: [
      'A literal `value` is stored in git, in the Deployment object (readable by anyone who may `get` Deployments), and in every `kubectl describe` output.',
      'It cannot be rotated without a commit and a rollout, and the same value tends to be copied between environments.',
      'Names that describe a secret rather than hold it (`PASSWORD_FILE`, `TOKEN_TTL`, `SECRET_NAME`, `ACCESS_KEY_ID`), references such as `$(OTHER_VAR)`, file paths, and values filled in by Helm are not reported.',
      'Any other key or secret (`AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`, `DB_SECRET`, `BASIC_AUTH`) is reported when its value looks like key material: a long random string, a hex key, a UUID.',
      'A private key block (`-----BEGIN ... PRIVATE KEY-----`), or a URL or connection string with a password, is reported whatever the variable is called.',
    ].join(' '),
    fix: [
      'Keep the value in a Secret (created from a secret store, a SealedSecret or SOPS) and reference it with',
      '`valueFrom.secretKeyRef`, or mount the Secret as a file and point the application at it.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.4.2\n          env:\n            - name: DB_PASSWORD\n              value: s3cr3t-pass\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1.4.2\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: api-secrets\n                  key: DB_PASSWORD\n            - name: DB_PASSWORD_FILE\n              value: /run/secrets/db-password\n',
      },
    ],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      for (const env of envOf(container)) {
        if (!env.valueNode || env.value === undefined) continue;
        const lines = valueLines(ctx, env);
        // A key block whose body a template writes (`{{ .Values.key | nindent }}`) is a template for a key, not one.
        if (lines && ctx.hasTemplateActions(lines) && hasPrivateKeyBlock(env.value)) continue;
        const what = secretIn(env.name, env.value);
        if (!what) continue;
        const secret = suggestedSecretName(container.workload.object.name);
        ctx.report(lines ?? env.valueNode, `${shown(container.label)}: environment variable ${env.name} ${what}. Store it in a Secret (for example \`kubectl create secret generic ${secret} --from-literal=${env.name}=...\`, or a SealedSecret/ExternalSecret) and reference it with valueFrom.secretKeyRef.`, {
          suggestion: secretKeyRefSuggestion(ctx, env, secret),
        });
      }
    }
  },
});

/** What makes the value a secret, said for the message; undefined when it is not one. */
function secretIn(name: string, value: string): string | undefined {
  if (hasPrivateKeyBlock(value)) return 'holds a private key';
  if (holdsSecret(name, value)) return 'has a literal secret value';
  const url = urlPasswords(value)[0];
  if (url) return `holds a ${url.scheme}:// URL with a password`;
  if (hasConnectionStringPassword(value)) return 'holds a connection string with a password';
  return undefined;
}
