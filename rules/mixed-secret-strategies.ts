import { crossFile, defineRule } from '../src/engine/rule.js';
import { touchesLines } from '../src/engine/filter.js';
import type { Place } from '../src/engine/context.js';
import { strategiesOf, type SecretStrategy } from '../src/secrets/strategies.js';

export default defineRule({
  id: 'mixed-secret-strategies',
  antipattern: 14,
  severity: 'hint',
  kinds: ['manifest', 'helm-template', 'gitops'],
  docs: {
    title: 'Use one way to deliver secrets',
    summary: 'The change and the files around it deliver secrets in more than one way (plain Secret, SealedSecret, ExternalSecret, SOPS, Vault, CSI driver).',
    why: [
      'Every mechanism has its own keys, access rules, rotation steps and failure modes.',
      'With several in use, nobody knows where a given secret really lives, rotation is done in one place and forgotten in another,',
      'and an audit has to cover every path. Objects that a Helm chart only creates behind an `if` are options, not a mechanism in use, and are not counted.',
    ].join(' '),
    fix: 'Choose one mechanism for the repository (or at least per environment), migrate the others to it, and write the choice down for the next team.',
    examples: [
      {
        path: 'deploy/api-secret.yaml',
        context: {
          'deploy/worker-secret.yaml': 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: worker\nspec:\n  encryptedData:\n    token: AgBy8hCi3Lq0Tz\n',
        },
        bad: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: api\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n  target:\n    name: api\n  dataFrom:\n    - extract:\n        key: prod/api\n',
        good: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: api\nspec:\n  encryptedData:\n    token: AgCx7gBh2Kp9Sy\n',
      },
    ],
  },
  crossFile: crossFile<Use>({
    kinds: ['manifest', 'helm-template', 'gitops'],
    gather(ctx, collect) {
      const reviewed = ctx.file.source.status !== 'unchanged';
      for (const use of strategiesOf(ctx.file)) {
        // Only a changed file is reported on: a context file needs no place.
        collect(reviewed
          ? { strategy: use.strategy, path: use.file.path, touched: touchesLines(use.file.source, use.span), at: ctx.place(use.line, { span: use.span }) }
          : { strategy: use.strategy, path: use.file.path, touched: false });
      }
    },
    finish(ctx) {
      const first = new Map<SecretStrategy, Use>();
      for (const use of ctx.collected) if (!first.has(use.strategy)) first.set(use.strategy, use);
      if (first.size < 2) return;
      // Report once, on a changed file that uses a mechanism; prefer an object the change touched.
      const changed = ctx.collected.filter((u) => u.at !== undefined);
      const at = changed.find((u) => u.touched) ?? changed[0];
      if (!at?.at) return;
      // Name the anchor's own file for its mechanism, the first file found for the others.
      first.set(at.strategy, at);
      const list = [...first.values()].map((u) => `${u.strategy} (${u.path})`).join(', ');
      ctx.report(at.at, `Secrets are delivered in ${first.size} different ways here: ${list}. Pick one mechanism so that storage, access control and rotation work the same everywhere.`, {
        key: 'mixed-secret-strategies',
      });
    },
  }),
});

/** One mechanism a file uses; `at` only for files of the change (where the finding may sit). */
interface Use {
  strategy: SecretStrategy;
  path: string;
  /** The change touched a line of the object. */
  touched: boolean;
  at?: Place;
}
