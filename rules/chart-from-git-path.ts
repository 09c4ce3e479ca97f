import { defineRule } from '../src/engine/rule.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, testsOnThrowawayCluster, where } from '../src/ci/rule-helpers.js';
import { deployAction } from '../src/ci/actions.js';
import { deployOf, operands } from '../src/shell/deploy.js';
import { flag } from '../src/shell/kube.js';

/** First path segments that name a folder of the repository rather than a chart repository. */
const LOCAL_DIRS = new Set(['charts', 'chart', 'helm', '.helm', 'deploy', 'deployment', 'deployments', 'k8s', 'kubernetes', 'infra', 'ops', 'manifests']);

/**
 * Helm reads `repo/chart` from a chart repository and anything else from disk. Two segments are
 * ambiguous: `charts/web` is a folder unless a repository of that name was added.
 */
function isLocalChart(chart: string, repos: ReadonlySet<string>, bareNamesAreLocal: boolean): boolean {
  if (/^(oci|https?):\/\//.test(chart) || /\.tgz$/.test(chart)) return false;
  if (/^(\.{1,2}|\/|file:\/\/)/.test(chart)) return true;
  const segments = chart.replace(/\/+$/, '').split('/');
  if (segments.length === 1) return bareNamesAreLocal;
  if (segments.length >= 3) return true;
  return !repos.has(segments[0]!) && LOCAL_DIRS.has(segments[0]!);
}

export default defineRule({
  id: 'chart-from-git-path',
  antipattern: 12,
  severity: 'hint',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Deploy charts from a chart repository, not from a git checkout',
    summary: 'A script or pipeline installs a Helm chart from a local folder (`./charts/web`) instead of a versioned chart from a chart repository or OCI registry.',
    why: [
      'A chart installed from a checkout has no identity of its own: the release records whatever the folder held at that moment,',
      'the same chart version can mean different templates in different environments, and going back means finding the right commit.',
      'Charts published to a repository are immutable, versioned packages that every environment installs the same way.',
      'Pipelines that install the chart into a throwaway test cluster (kind, k3d, minikube, chart-testing) are not reported: testing the local chart is their job.',
    ].join(' '),
    fix: [
      'Package and publish the chart (`helm package` and `helm push` to an OCI registry, or a chart repository) in the chart\'s own pipeline,',
      'then deploy it by name and version: `helm upgrade --install web oci://registry.example.com/charts/web --version 1.4.2`.',
    ].join(' '),
    examples: [
      {
        path: 'scripts/deploy.sh',
        bad: '#!/bin/sh\nhelm upgrade --install web ./charts/web -n web --atomic\n',
        good: '#!/bin/sh\nhelm upgrade --install web oci://registry.example.com/charts/web --version 1.4.2 -n web --atomic\n',
      },
    ],
  },
  async check(ctx) {
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      if (testsOnThrowawayCluster(unit)) continue;
      const repos = new Set(unit.script.commands.filter((c) => c.name === 'helm' && operands(c)[0] === 'repo' && operands(c)[1] === 'add').map((c) => operands(c)[2] ?? ''));
      for (const command of unit.script.commands) {
        const deploy = deployOf(command);
        const chart = deploy?.chart;
        if (!deploy?.call || !chart || chart.dynamic || flag(deploy.call, '--repo') !== undefined) continue;
        if (!isLocalChart(chart.value, repos, true) || !fresh(chart.line)) continue;
        ctx.report(chart.line, `${where(unit)}\`${deploy.label}\` installs the chart from the local path ${chart.value}. Publish the chart to a chart repository or OCI registry and deploy it by name and version.`, { key: keyOf(unit) });
      }
      for (const step of unit.job?.steps ?? []) {
        const action = deployAction(step.uses);
        const chart = action?.kind === 'helm' ? action.chart : undefined;
        if (!chart || /\$\{\{/.test(chart.value) || !isLocalChart(chart.value, repos, false) || !fresh(chart.line)) continue;
        ctx.report(chart.line, `${where(unit)}${action!.uses.action} installs the chart from the local path ${chart.value}. Publish the chart to a chart repository or OCI registry and deploy it by name and version.`, { key: keyOf(unit) });
      }
    }
  },
});
