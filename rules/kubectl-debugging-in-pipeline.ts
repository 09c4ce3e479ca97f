import { defineRule } from '../src/engine/rule.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { kubectlCall, positional, type CliCall } from '../src/shell/kube.js';
import type { ShellCommand } from '../src/shell/script.js';

const DEBUG = new Set(['logs', 'describe', 'port-forward', 'debug']);
/**
 * `kubectl exec` counts when it pokes at the pod (a shell, curl, cat...). Running a task in it
 * (a migration, a SQL client) is not inspection, so it is left alone here.
 */
const INSPECT = /^(sh|bash|ash|curl|wget|cat|ls|ps|env|printenv|nslookup|dig|host|ping|netstat|ss|top|df|du|tail|head|grep|nc|telnet|id|whoami|hostname|ip|ifconfig|find)$/;

function debugging(call: CliCall): string | undefined {
  const sub = positional(call, 0);
  if (!sub) return undefined;
  if (DEBUG.has(sub)) return sub;
  if (sub === 'exec') {
    const program = call.rest[0]?.value ?? call.positionals[2]?.value;
    const name = program?.slice(program.lastIndexOf('/') + 1);
    return name === undefined || INSPECT.test(name) ? 'exec' : undefined;
  }
  const what = positional(call, 1)?.toLowerCase() ?? '';
  if (sub === 'get' && what.split(',').some((kind) => /^(po|pod|pods)(\/|$)/.test(kind))) return 'get pods';
  return undefined;
}

export default defineRule({
  id: 'kubectl-debugging-in-pipeline',
  antipattern: 6,
  severity: 'hint',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Do not use kubectl as the pipeline\'s monitoring',
    summary: 'A script or pipeline inspects the cluster with `kubectl logs`, `describe`, `exec`, `port-forward`, `debug` or `get pods` to check or debug a deployment.',
    why: [
      'When the way to find out whether a release works is a round of `kubectl get pods` and `kubectl logs`, the observability has a gap:',
      'the same questions come back during an incident, at night, asked by hand. Output dumped into a CI log is also gone with the log,',
      'and `kubectl exec` into a running pod makes the pipeline depend on the pod\'s internals.',
      'Jobs that test against a throwaway cluster (kind, k3d, minikube) are not reported.',
      '`kubectl exec` is reported when it opens a shell or runs an inspection tool (curl, cat, ps...) in the pod, not when it runs a task such as a migration.',
    ].join(' '),
    fix: [
      'Check a rollout with `kubectl rollout status` or `helm upgrade --wait`, and look at health through logs, metrics and traces in',
      'dedicated tools (a log store, dashboards, alerts). Run one-off tasks such as migrations as Jobs that are part of the release.',
    ].join(' '),
    examples: [
      {
        path: '.github/workflows/deploy.yml',
        bad: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          helm upgrade --install web ./chart --wait\n          kubectl get pods -n web\n          kubectl logs deploy/web -n web\n',
        good: 'on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          helm upgrade --install web ./chart --wait\n          kubectl rollout status deploy/web -n web\n',
      },
    ],
  },
  async check(ctx) {
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      if (testsOnThrowawayCluster(unit)) continue;
      const found: Array<{ command: ShellCommand; what: string }> = [];
      for (const command of unit.script.commands) {
        const call = kubectlCall(command);
        const what = call ? debugging(call) : undefined;
        if (what) found.push({ command, what });
      }
      const first = found[0];
      if (!first || !fresh(first.command.line)) continue;
      const last = found[found.length - 1]!;
      const kinds = [...new Set(found.map((f) => `kubectl ${f.what}`))].join(', ');
      const lines = found.length > 1 ? ` (lines ${[...new Set(found.map((f) => f.command.line))].join(', ')})` : '';
      ctx.report([first.command.line, first.command.endLine], `${subject(unit)} inspects the cluster with ${kinds}${lines}. Verify rollouts with \`kubectl rollout status\` or \`helm --wait\`, and look at health in logs and metrics tools instead.`, {
        span: [first.command.line, last.command.endLine], key: keyOf(unit),
      });
    }
  },
});
