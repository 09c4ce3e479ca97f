import { defineRule } from '../src/engine/rule.js';
import { credentialsIn } from '../src/secrets/scan.js';

// The examples assemble the fake key at run time so that this file holds no credential-shaped text.
const FAKE_KEY_ID = ['AKIA', 'Q3HX7TBN', '2WZL5KFD'].join('');

export default defineRule({
  id: 'hardcoded-credential',
  antipattern: 14,
  severity: 'error',
  kinds: ['manifest', 'helm-template', 'helm-values', 'chart', 'kustomization', 'dockerfile', 'script', 'ci', 'terraform', 'source', 'gitops'],
  allTextFiles: true,
  docs: {
    title: 'Do not commit credentials',
    summary: 'A cloud access key, private key, API token or connection string with a password is committed in the change.',
    why: [
      'A credential in git is readable by everyone who can clone the repository, stays in its history after the line is removed,',
      'and is found within minutes by scanners once the repository or a fork is public.',
      'The formats are recognised by secretlint\'s recommended rules (AWS, GCP, GitHub, Slack, npm, private keys, database URLs and more), so they rarely fire on look-alikes.',
    ].join(' '),
    fix: [
      'Revoke and rotate the credential first: removing the line does not remove it from history.',
      'Then load it at run time from a secret store (an ExternalSecret, a SealedSecret, the CI secret store) instead of the file.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/backup.yaml',
        bad: `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: backup\n              image: backup:2.1.0\n              args: ["--key-id", "${FAKE_KEY_ID}"]\n`,
        good: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          serviceAccountName: backup\n          containers:\n            - name: backup\n              image: backup:2.1.0\n',
      },
    ],
  },
  async check(ctx) {
    for (const hit of await credentialsIn(ctx.file)) {
      ctx.report(hit.line, `This line holds ${hit.what}. Revoke and rotate it (it stays in git history), then load it at run time from a secret store instead of committing it.`, {
        span: [hit.line, hit.endLine],
      });
    }
  },
});
