import { crossFile, defineRule } from '../src/engine/rule.js';
import type { FileContext, Place } from '../src/engine/context.js';
import type { FileKind } from '../src/model/types.js';
import { isReviewed } from '../src/k8s/workload-groups.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, subject, testsOnThrowawayCluster } from '../src/ci/rule-helpers.js';
import {
  appliedWorkloads, appliesWorkloads, fileObjectsOf, objectsByPrefix, type AppliedWorkloads, type FileObjects,
} from '../src/ci/applied.js';
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

/**
 * A deploy that waits for nothing, to report unless it turns out to apply no workload (decided once
 * every file's objects are known): helm deploys are decided already (`applies: true`).
 */
interface DeployFact {
  at: Place;
  line: number;
  applies: AppliedWorkloads;
  message: string;
  key?: string;
  suggestion?: string;
}

/** A file holding objects (context included), or a deploy of a reviewed script or pipeline. */
type Fact = { objects: FileObjects } | { deploy: DeployFact };

/** The kinds this rule reviews (its `kinds`). */
const CHECKED: ReadonlySet<FileKind> = new Set(['script', 'ci']);

/** Deploys without a wait or a later check, in the order of the file's units and commands. */
async function unverifiedDeploys(ctx: FileContext): Promise<DeployFact[]> {
  const out: DeployFact[] = [];
  for (const unit of (await shellOf(ctx.file)).units) {
    if (testsOnThrowawayCluster(unit)) continue;
    for (const command of unit.script.commands) {
      const deploy = deployOf(command);
      if (!deploy?.call) continue;
      const isHelm = deploy.label.startsWith('helm');
      if (isHelm && helmWaits(deploy.call)) continue;
      const applies = isHelm || appliedWorkloads(deploy, ctx.path);
      if (applies === false || commandsAfter(unit.script, command).some(isVerification)) continue;
      const message = isHelm
        ? `${subject(unit)} runs \`${deploy.label}\`${deploy.release ? ` of release ${deploy.release.value}` : ''} without --wait or --atomic, so it succeeds before the pods are up. Add --atomic (or --wait with --timeout).`
        : `${subject(unit)} runs \`${deploy.label}\` of workloads and never checks the rollout. Run \`kubectl rollout status\` for each workload afterwards so the job fails when the rollout does.`;
      const fix = isHelm ? suggestion(deploy, ctx.file.lines[command.line - 1]) : undefined;
      const key = keyOf(unit);
      out.push({
        at: ctx.place([command.line, command.endLine]), line: command.line, applies, message,
        ...(key !== undefined ? { key } : {}), ...(fix !== undefined ? { suggestion: fix } : {}),
      });
    }
  }
  return out;
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
  // Whether `kubectl apply` rolls out workloads depends on the applied files, manifests included.
  crossFile: crossFile<Fact>({
    // Every kind whose files may hold objects: the look-up saw every readable file.
    kinds: ['script', 'ci', 'manifest', 'helm-template', 'helm-values', 'chart', 'kustomization', 'gitops'],
    async gather(ctx, collect) {
      const objects = fileObjectsOf(ctx.file);
      if (objects) collect({ objects });
      if (!isReviewed(ctx.file) || !CHECKED.has(ctx.file.kind)) return;
      for (const deploy of await unverifiedDeploys(ctx)) collect({ deploy });
    },
    finish(ctx) {
      const files = objectsByPrefix(ctx.collected.flatMap((fact) => ('objects' in fact ? [fact.objects] : [])));
      // GitLab templates put the same lines into several jobs: each line once per file.
      let path: string | undefined;
      let fresh = firstTime();
      for (const fact of ctx.collected) {
        if (!('deploy' in fact)) continue;
        const { at, line, applies, message, key, suggestion: fix } = fact.deploy;
        if (at.path !== path) [path, fresh] = [at.path, firstTime()];
        if (!appliesWorkloads(applies, files) || !fresh(line)) continue;
        ctx.report(at, message, { key, ...(fix !== undefined ? { suggestion: fix } : {}) });
      }
    },
  }),
});
