import type { Document } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import { pushTo } from '../src/engine/context.js';
import type { ParsedFile } from '../src/engine/parsed-file.js';
import { chartFileOf, chartYamlAt, dependencyNames, walkValues } from '../src/helm/chart.js';
import { asMap, child, isNullNode, keyNode, scalarString, type YAMLMap, type YNode } from '../src/parse/yaml.js';

/** Keys that only a pod or container takes: a map with one of them describes something that runs. */
const POD_KEYS = ['replicaCount', 'replicas', 'podAnnotations', 'podLabels', 'nodeSelector', 'tolerations', 'affinity', 'podSecurityContext', 'securityContext', 'containerSecurityContext', 'priorityClassName', 'topologySpreadConstraints', 'livenessProbe', 'readinessProbe', 'env', 'extraEnv', 'extraArgs', 'args', 'command', 'resources'];

function hasImage(doc: Document.Parsed, map: YAMLMap): boolean {
  const image = child(doc, map, 'image');
  const ref = asMap(doc, image);
  return (scalarString(doc, image) ?? '') !== '' || (ref !== undefined && ['repository', 'name', 'registry', 'tag'].some((k) => child(doc, ref, k) !== undefined));
}

/** A component: something that runs a container. Decided from the map's own keys. */
function isComponent(doc: Document.Parsed, map: YAMLMap, root: boolean): boolean {
  if (scalarString(doc, child(doc, map, 'enabled')) === 'false') return false;
  const podKeys = POD_KEYS.filter((k) => child(doc, map, k) !== undefined);
  if (hasImage(doc, map)) return root || podKeys.length > 0;
  return podKeys.includes('resources') && podKeys.length >= 2;
}

/** `{}`, null, or a map whose requests and limits are all empty. */
function isEmptyResources(doc: Document.Parsed, node: YNode | undefined): boolean {
  if (isNullNode(doc, node)) return true;
  const map = asMap(doc, node);
  if (!map) return false;
  return map.items.every((pair) => {
    const value = asMap(doc, pair.value);
    return isNullNode(doc, pair.value) || (value !== undefined && value.items.length === 0);
  });
}

export default defineRule({
  id: 'helm-values-empty-resources',
  antipattern: 10,
  severity: 'warning',
  kinds: ['helm-values'],
  docs: {
    title: 'Give chart components default resources',
    summary: 'A component in a chart\'s default values has `resources: {}` or no resources, so it runs without requests or limits unless every install sets them.',
    why: [
      'Most installs never override what they did not know about: an empty default becomes a pod with no requests (scheduled anywhere, first to be evicted) and no memory limit.',
      'A component is a values map that runs a container: it has an `image` together with a pod setting (`replicaCount`, `nodeSelector`, `podAnnotations`, `resources`...), or the root of the values with an `image`.',
      'Only the chart\'s own `values.yaml` is checked (an empty map in an override file changes nothing), disabled components and sub-chart sections are skipped,',
      'and a missing `resources` key is only reported when a template of the chart in view reads `.Values.<component>.resources`.',
    ].join(' '),
    fix: 'Set default `requests` for CPU and memory and a memory `limit`, sized from measured usage; installs can still override them.',
    examples: [
      {
        path: 'chart/values.yaml',
        context: { 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n' },
        bad: 'replicaCount: 2\nimage:\n  repository: ghcr.io/acme/web\n  tag: 1.8.0\nresources: {}\n',
        good: 'replicaCount: 2\nimage:\n  repository: ghcr.io/acme/web\n  tag: 1.8.0\nresources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n  limits:\n    memory: 256Mi\n',
      },
    ],
  },
  check(ctx) {
    const chart = chartFileOf(ctx.file, ctx.allFiles);
    if (!ctx.file.yaml || chart?.part !== 'values') return;
    const subcharts = dependencyNames(chartYamlAt(chart.root, ctx.allFiles));
    const templates = (ctx.index('helm-values-empty-resources:templates-by-chart', (files) => {
      const byRoot = new Map<string, ParsedFile[]>();
      for (const f of files) {
        const place = chartFileOf(f, files);
        if (place?.part === 'templates') pushTo(byRoot, place.root, f);
      }
      return byRoot;
    }).get(chart.root) ?? []).map((f) => f.text).join('\n');
    walkValues(ctx.file.yaml, (map, path, key, doc) => {
      if (path.some((p) => p.startsWith('[')) || (path[0] !== undefined && subcharts.has(path[0]))) return;
      if (!isComponent(doc, map, path.length === 0)) return;
      const name = path.length === 0 ? 'the chart\'s main component' : `component ${path.join('.')}`;
      const resourcesKey = keyNode(map, 'resources');
      const prefix = path.length === 0 ? '' : `${path.join('.')}.`;
      if (resourcesKey) {
        const value = child(doc, map, 'resources');
        if (!isEmptyResources(doc, value)) return;
        ctx.report(resourcesKey, `Values ${prefix}resources is empty: ${name} runs with no CPU or memory requests and no memory limit unless every install sets them. Set default requests and a memory limit from measured usage.`, {
          span: spanOf(ctx.lines(resourcesKey), ctx.lines(value)),
        });
      } else if (templates.includes(`.Values.${prefix}resources`)) {
        // Without a resources key, a component always has an image (see isComponent).
        const anchor = key ?? keyNode(map, 'image');
        if (!anchor) return;
        ctx.report(anchor, `Values ${prefix || '(root)'}: ${name} sets no resources, though the chart's templates read .Values.${prefix}resources. Add default requests and a memory limit from measured usage.`, {
          span: path.length === 0 ? ctx.lines(child(doc, map, 'image')) : ctx.lines(map),
        });
      }
    });
  },
});

function spanOf(a: [number, number] | undefined, b: [number, number] | undefined): [number, number] | undefined {
  return a && b ? [Math.min(a[0], b[0]), Math.max(a[1], b[1])] : a;
}
