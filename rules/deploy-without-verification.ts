import { defineRule } from '../src/engine/rule.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import { appliesWorkloads } from '../src/ci/applied.js';
import { deployOf, helmWaits, isVerification, type Deploy } from '../src/shell/deploy.js';
import { commandsAfter } from '../src/shell/script.js';

/** `helm upgrade ...` → `helm upgrade --atomic ...` when the command sits on one line. */
function suggestion(deploy: Deploy, line: string | undefined): string | undefined {
  if (!line || deploy.command.line !== deploy.command.endLine) return undefined;
  const pattern = /\bhelm3?(\s+)(upgrade|install)\b/g;
  const matches = line.match(pattern);
  if (!matches || matches.length !== 1) return undefined;
  return line.replace(pattern, (m) => `${m} --atomic`);
}

export default defineRule({
  id: 'deploy-without-verification',
  antipattern: 13,
  severity: 'warning',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Wait for the rollout before calling a deployment done',
    summary: 'A script or pipeline runs `helm upgrade/install` without `--wait` or `--atomic`, or `kubectl apply` of workloads with no `kubectl rollout status` after it.',
    why: [
      '`kubectl apply` and a plain `helm upgrade` return as soon as the API server has accepted the objects. Whether the new pods start,',
      'pass their probes and replace the old ones is decided minutes later, after the pipeline already reported success.',
      'A crash-looping release then looks exactly like a good one, and nobody rolls it back.',
      'A later command that waits or verifies (`kubectl rollout status`, `kubectl wait`, `helm test`, a smoke or verify script) counts as a check.',
      'Pipelines that deploy into a throwaway test cluster are not reported.',
    ].join(' '),
    fix: [
      'Give Helm `--atomic` (waits, and rolls back on failure) or `--wait` with a `--timeout`. After `kubectl apply`, run',
      '`kubectl rollout status deployment/<name> --timeout=5m` for each workload, so the job fails when the rollout does.',
    ].join(' '),
    examples: [
      {
        path: 'scripts/deploy.sh',
        bad: '#!/bin/sh\nset -e\nhelm upgrade --install web charts/web -n web\n',
        good: '#!/bin/sh\nset -e\nhelm upgrade --install web charts/web -n web --atomic --timeout 5m\n',
      },
      {
        path: '.gitlab-ci.yml',
        bad: 'deploy:\n  stage: deploy\n  script:\n    - kubectl apply -f k8s/deployment.yaml\n',
        good: 'deploy:\n  stage: deploy\n  script:\n    - kubectl apply -f k8s/deployment.yaml\n    - kubectl rollout status deployment/web --timeout=5m\n',
      },
    ],
  },
  async check(ctx) {
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      if (testsOnThrowawayCluster(unit)) continue;
      for (const command of unit.script.commands) {
        const deploy = deployOf(command);
        if (!deploy?.call) continue;
        const isHelm = deploy.label.startsWith('helm');
        if (isHelm ? helmWaits(deploy.call) : !appliesWorkloads(deploy, ctx.allFiles, ctx.path)) continue;
        if (commandsAfter(unit.script, command).some(isVerification) || !fresh(command.line)) continue;
        const message = isHelm
          ? `${subject(unit)} runs \`${deploy.label}\`${deploy.release ? ` of release ${deploy.release.value}` : ''} without --wait or --atomic, so it succeeds before the pods are up. Add --atomic (or --wait with --timeout).`
          : `${subject(unit)} runs \`${deploy.label}\` of workloads and never checks the rollout. Run \`kubectl rollout status\` for each workload afterwards so the job fails when the rollout does.`;
        const fix = isHelm ? suggestion(deploy, ctx.file.lines[command.line - 1]) : undefined;
        ctx.report([command.line, command.endLine], message, { key: keyOf(unit), ...(fix !== undefined ? { suggestion: fix } : {}) });
      }
    }
  },
});
