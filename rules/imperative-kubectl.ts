import { defineRule } from '../src/engine/rule.js';
import { commandSites } from '../src/ci/units.js';
import { keyOf, short, testsOnThrowawayCluster, where } from '../src/ci/rule-helpers.js';
import { flag, isDryRun, kubectlCall, positional, type CliCall } from '../src/shell/kube.js';

/** Subcommands that change live objects by hand. */
const ALWAYS = new Set(['edit', 'patch', 'set', 'scale', 'annotate', 'label', 'replace', 'expose', 'autoscale']);
/** `kubectl create <kind>` generators that make workloads. */
const WORKLOAD_KINDS = new Set(['deployment', 'deploy', 'job', 'cronjob', 'cj', 'statefulset', 'sts', 'daemonset', 'ds', 'pod']);

function imperative(call: CliCall): string | undefined {
  const sub = positional(call, 0);
  if (!sub || isDryRun(call) || flag(call, '--local') !== undefined) return undefined;
  if (ALWAYS.has(sub)) return sub === 'set' ? `set ${positional(call, 1) ?? ''}`.trim() : sub;
  if (sub === 'rollout' && positional(call, 1) === 'restart') return 'rollout restart';
  // `kubectl run --rm` is a one-off pod that removes itself: nothing is left to drift.
  if (sub === 'run' && flag(call, '--rm') === undefined) return 'run';
  if (sub === 'create' && WORKLOAD_KINDS.has(positional(call, 1) ?? '')) return `create ${positional(call, 1)}`;
  return undefined;
}

export default defineRule({
  id: 'imperative-kubectl',
  antipattern: 5,
  severity: 'warning',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Do not change live objects with kubectl edit, patch, scale or set',
    summary: 'A script or pipeline changes cluster objects by hand with an imperative kubectl command, so git no longer describes what runs.',
    why: [
      'Commands such as `kubectl patch`, `kubectl set image`, `kubectl scale` or `kubectl edit` change the object in the cluster and nowhere else.',
      'The manifests in git now describe something that is not running, environments drift apart, and the next declarative',
      'deploy either undoes the change or fails for a reason nobody can reconstruct.',
      'Commands against a throwaway test cluster (a job that starts kind, k3d or minikube) are not reported.',
      'The rule reads the shell: text in comments, strings, heredocs and `echo` arguments is not a command, and `--dry-run` or `--local` runs change nothing.',
    ].join(' '),
    fix: [
      'Change the manifest, chart values or kustomization in git and let the deployment apply it, ideally through a GitOps agent (Argo CD, Flux).',
      'Keep imperative commands for experiments on a scratch cluster. To roll a new image, commit the new tag instead of running `kubectl set image`.',
    ].join(' '),
    examples: [
      {
        path: 'scripts/release.sh',
        bad: '#!/bin/sh\nset -e\nkubectl -n prod set image deployment/web web=registry.example.com/web:1.4.2\n',
        good: '#!/bin/sh\nset -e\n# kubectl set image is not used: the tag is committed to the manifests\nkubectl -n prod apply -f k8s/\nkubectl -n prod rollout status deployment/web\n',
      },
      {
        path: '.github/workflows/hotfix.yml',
        bad: 'on: workflow_dispatch\njobs:\n  scale:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          kubectl scale deployment/web --replicas=10\n',
        good: 'on: workflow_dispatch\njobs:\n  scale:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "kubectl scale is not how we change replicas"\n          kubectl rollout status deployment/web\n',
      },
    ],
  },
  async check(ctx) {
    for (const { command, unit } of await commandSites(ctx.file)) {
      const call = kubectlCall(command);
      const what = call ? imperative(call) : undefined;
      if (!what || testsOnThrowawayCluster(unit)) continue;
      const target = call!.positionals.slice(what.split(' ').length).map((w) => w.value).join(' ');
      ctx.report([command.line, command.endLine], `${where(unit)}\`${short(`kubectl ${what} ${target}`)}\` changes the live object outside git. Change the manifests or values in git and deploy them instead.`, { key: keyOf(unit) });
    }
  },
});
