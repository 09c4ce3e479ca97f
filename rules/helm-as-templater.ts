import { defineRule } from '../src/engine/rule.js';
import { shellOf, type ShellUnit } from '../src/ci/units.js';
import { firstTime, keyOf, testsOnThrowawayCluster, where } from '../src/ci/rule-helpers.js';
import { applyTargets, deployOf } from '../src/shell/deploy.js';
import { flag, helmCall, positional } from '../src/shell/kube.js';
import { commandsAfter, downstream, type ShellCommand } from '../src/shell/script.js';

const STDIN = new Set(['-', '/dev/stdin']);

/** A `kubectl apply/create/replace` that reads its manifests from one of `sources`. */
function appliesFrom(command: ShellCommand, sources: (file: string) => boolean): boolean {
  const deploy = deployOf(command);
  return deploy?.call !== undefined && deploy.label.startsWith('kubectl') && applyTargets(deploy.call).some((w) => sources(w.value));
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The kubectl command that applies what this `helm template` rendered, if any. */
function applierOf(unit: ShellUnit, helm: ShellCommand): ShellCommand | undefined {
  const piped = downstream(helm).find((c) => appliesFrom(c, (f) => STDIN.has(f)));
  if (piped) return piped;
  const outputDir = flag(helmCall(helm)!, '--output-dir');
  const outputs = [helm.stdout, typeof outputDir === 'string' ? outputDir : undefined]
    .filter((o): o is string => o !== undefined && !o.startsWith('/dev/')).map(normalise);
  if (outputs.length === 0) return undefined;
  // The file itself, a file in the rendered folder, or a folder that holds the file.
  const covers = (file: string): boolean => outputs.some((o) => {
    const f = normalise(file);
    return f === o || f.startsWith(`${o}/`) || o.startsWith(`${f}/`);
  });
  return commandsAfter(unit.script, helm).find((c) => appliesFrom(c, covers));
}

export default defineRule({
  id: 'helm-as-templater',
  antipattern: 12,
  severity: 'warning',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Install charts with helm upgrade, not helm template piped to kubectl',
    summary: 'A script or pipeline renders a chart with `helm template` and applies the output with `kubectl apply`, using Helm only as a templating tool.',
    why: [
      'Rendered manifests applied with kubectl leave no Helm release in the cluster: `helm list`, `helm history` and `helm rollback` know nothing about the application,',
      'hooks and tests never run, and objects removed from the chart stay behind. The idea of "the application" is gone once the pipeline finishes,',
      'which is exactly what is missing when a release has to be rolled back at 3 am.',
    ].join(' '),
    fix: [
      'Install the chart as a release with `helm upgrade --install <release> <chart> --atomic`. If plain manifests are the deliberate choice,',
      'commit the rendered output or use Kustomize, and let a GitOps agent apply it.',
    ].join(' '),
    examples: [
      {
        path: 'scripts/deploy.sh',
        bad: '#!/bin/sh\nset -e\nhelm template web charts/web -f values-prod.yaml | kubectl apply -f -\n',
        good: '#!/bin/sh\nset -e\nhelm upgrade --install web charts/web -f values-prod.yaml --atomic\n',
      },
    ],
  },
  async check(ctx) {
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      if (testsOnThrowawayCluster(unit)) continue;
      for (const command of unit.script.commands) {
        const helm = helmCall(command);
        if (!helm || positional(helm, 0) !== 'template') continue;
        const applier = applierOf(unit, command);
        if (!applier || !fresh(command.line)) continue;
        const how = applier.pipeline && applier.pipeline === command.pipeline
          ? `is piped into \`${deployOf(applier)!.label}\``
          : `is written to a file that \`${deployOf(applier)!.label}\` applies on line ${applier.line}`;
        ctx.report([command.line, command.endLine], `${where(unit)}\`helm template\` output ${how}, so no Helm release exists: no history, no rollback, no hooks. Use \`helm upgrade --install --atomic\` instead.`, {
          span: [command.line, Math.max(command.endLine, applier.endLine)], key: keyOf(unit),
        });
      }
      reportBake(unit);
    }

    /** `azure/k8s-bake` with the helm engine feeding `azure/k8s-deploy` is the same pattern. */
    function reportBake(unit: ShellUnit): void {
      const steps = unit.job?.steps ?? [];
      steps.forEach((step, index) => {
        if (step.uses?.action !== 'azure/k8s-bake' || step.uses.with.get('renderEngine')?.value.toLowerCase() !== 'helm') return;
        const deploy = steps.slice(index + 1).find((s) => s.uses?.action === 'azure/k8s-deploy');
        if (!deploy || !fresh(step.uses.line)) return;
        ctx.report(step.uses.line, `${where(unit)}azure/k8s-bake renders the chart with Helm and azure/k8s-deploy applies the manifests (line ${deploy.line}), so no Helm release exists. Install the chart with \`helm upgrade --install --atomic\` instead.`, {
          span: [step.line, deploy.span[1]], key: keyOf(unit),
        });
      });
    }
  },
});
