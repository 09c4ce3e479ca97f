import { defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { dockerfileOf } from '../src/parse/dockerfile.js';
import { clusterDnsNames, isTestPath, sourceViewOf } from '../src/parse/source.js';
import { asMap, child, deref, scalarString } from '../src/parse/yaml.js';

const ADVICE = 'Inject the address as configuration (an environment variable or a mounted file set per environment) instead.';

/** Reports each distinct cluster DNS name once, on the first of `lines` (1-based from `first`) that holds it. */
function reportNames(ctx: FileContext, lines: readonly string[], first: number, describe: (name: string) => string, seen = new Set<string>()): void {
  lines.forEach((text, i) => {
    for (const { text: name } of clusterDnsNames(text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      ctx.report(first + i, describe(name));
    }
  });
}

function checkSource(ctx: FileContext): void {
  if (isTestPath(ctx.path)) return;
  const view = sourceViewOf(ctx.file);
  // Only string literals: `this.api.svc` in code is a member access, not a host name.
  if (view) reportNames(ctx, view.strings, 1, (name) => `The code hardcodes the in-cluster address "${name}", which only resolves inside one cluster and namespace. ${ADVICE}`);
}

/** ENV lines are left to dockerfile-baked-config, which reports them as a warning. */
function checkDockerfile(ctx: FileContext): void {
  const seen = new Set<string>();
  for (const ins of dockerfileOf(ctx.file).instructions) {
    if (ins.keyword === 'ENV') continue;
    const lines = ctx.file.lines.slice(ins.line - 1, ins.endLine).map((l) => (/^\s*#/.test(l) ? '' : l));
    reportNames(ctx, lines, ins.line, (name) => `${ins.keyword} hardcodes the in-cluster address "${name}" in the image. ${ADVICE}`, seen);
  }
}

function checkConfigMaps(ctx: FileContext): void {
  for (const object of ctx.objects()) {
    if (object.kind !== 'ConfigMap') continue;
    const data = asMap(object.doc, child(object.doc, object.map, 'data'));
    for (const pair of data?.items ?? []) {
      const key = scalarString(object.doc, pair.key) ?? '?';
      const span = ctx.lines(deref(object.doc, pair.value));
      const value = scalarString(object.doc, pair.value);
      if (!span || !value || clusterDnsNames(value).length === 0) continue;
      reportNames(ctx, ctx.file.lines.slice(span[0] - 1, span[1]), span[0], (name) => `ConfigMap ${object.name}, key ${key}: "${name}" fixes the namespace and the cluster domain. Use the short service name within the namespace, or set the address per environment (overlay or chart value).`);
    }
  }
}

export default defineRule({
  id: 'app-hardcoded-cluster-dns',
  antipattern: 3,
  severity: 'hint',
  kinds: ['source', 'dockerfile', 'manifest'],
  docs: {
    title: 'Do not hardcode in-cluster DNS names',
    summary: 'Names such as `orders.shop.svc.cluster.local` written into code, images or ConfigMaps tie the application to one cluster layout.',
    why: [
      'A fully qualified in-cluster name fixes the namespace and the cluster domain. The same code cannot run in a per-pull-request namespace, in another cluster with a different domain,',
      'or outside Kubernetes at all (under Docker Compose or on a laptop), and moving the service means changing code and rebuilding images.',
    ].join(' '),
    fix: [
      'Read the address from configuration that the deployment sets: an environment variable or a mounted file.',
      'Inside one namespace the short service name (`orders`) is enough; where a full name is needed, set it per environment in an overlay or a chart value.',
    ].join(' '),
    examples: [
      {
        path: 'src/orders.ts',
        bad: "export const ordersUrl = 'http://orders.shop.svc.cluster.local:8080';\n",
        good: "// Set by the deployment, e.g. http://orders.shop.svc.cluster.local:8080\nexport const ordersUrl = process.env.ORDERS_URL ?? 'http://localhost:8080';\n",
      },
      {
        path: 'deploy/config.yaml',
        bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  ORDERS_HOST: orders.shop.svc\n',
        good: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  ORDERS_HOST: orders\n',
      },
    ],
  },
  check(ctx) {
    if (ctx.file.kind === 'source') return checkSource(ctx);
    if (ctx.file.kind === 'dockerfile') return checkDockerfile(ctx);
    return checkConfigMaps(ctx);
  },
});
