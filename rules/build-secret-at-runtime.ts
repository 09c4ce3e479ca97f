import { isScalar } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { walkValues } from '../src/helm/chart.js';
import { asMap, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { envOf } from '../src/secrets/env.js';
import { BUILD_INDEX_URLS, envStyle, isBuildSecretName, shown } from '../src/secrets/names.js';
import { hasUrlPassword, isLiteralSecret } from '../src/secrets/values.js';

/** Images whose job is to build, publish or host packages: they need these credentials at run time. */
const BUILD_TOOL_IMAGE = /(kaniko|buildkit|buildah|dind|jenkins|gitlab-runner|actions-runner|arc-runner|renovate|dependabot|tekton|buildkite|woodpecker|drone-runner|teamcity|sonar-?scanner|verdaccio|artifactory|nexus|jfrog)/i;

const ADVICE = 'A running container has no use for package-registry or artifact-store credentials: fetch dependencies at build time (a BuildKit secret mount) and keep the credential out of the pod.';

/** Is `name` a build credential handed over, given its literal value (if any) and whether it comes from a Secret? */
function handsOver(name: string, value: string | undefined, fromSecret: boolean): boolean {
  if (BUILD_INDEX_URLS.has(envStyle(name))) return fromSecret || (value !== undefined && hasUrlPassword(value));
  if (!isBuildSecretName(name)) return false;
  return fromSecret || (value !== undefined && isLiteralSecret(value));
}

export default defineRule({
  id: 'build-secret-at-runtime',
  antipattern: 14,
  severity: 'warning',
  kinds: ['manifest', 'helm-template', 'helm-values'],
  docs: {
    title: 'Keep build-only credentials out of running containers',
    summary: 'Package-registry and artifact-store credentials (`NPM_TOKEN`, `PIP_INDEX_URL` with a password, `ARTIFACTORY_*`, `NEXUS_*`...) are handed to a running container.',
    why: [
      'These credentials are needed to build an image, not to run it. In a pod they widen the blast radius of any compromise:',
      'whoever gets a shell in the container can publish packages or read every artifact of the organisation.',
      'They also suggest the image installs dependencies when it starts, which makes start-up slow and unreproducible.',
      'Containers whose image is a build or CI tool (kaniko, BuildKit, CI runners, Renovate) are not reported.',
    ].join(' '),
    fix: [
      'Install dependencies while building the image, passing the credential as a BuildKit secret (`RUN --mount=type=secret,id=npm ...`),',
      'and remove the variable from the workload.',
    ].join(' '),
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:3.0.1\n          env:\n            - name: NPM_TOKEN\n              valueFrom:\n                secretKeyRef:\n                  name: npm\n                  key: token\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:3.0.1\n          env:\n            - name: NODE_ENV\n              value: production\n',
      },
    ],
  },
  check(ctx) {
    if (ctx.file.kind === 'helm-values') return checkValues(ctx);
    for (const container of ctx.containers()) {
      if (container.image && BUILD_TOOL_IMAGE.test(container.image)) continue;
      for (const env of envOf(container)) {
        if (handsOver(env.name, env.value, env.fromSecret)) ctx.report(env.nameNode, `${shown(container.label)}: environment variable ${env.name} is a build-only credential. ${ADVICE}`);
      }
    }
  },
});

function checkValues(ctx: FileContext): void {
  if (!ctx.file.yaml) return;
  // Components whose image is a build tool (`runner: { image: { repository: ...actions-runner } }`) may hold these.
  const toolPrefixes: string[] = [];
  walkValues(ctx.file.yaml, (map, path, _key, doc) => {
    const image = child(doc, map, 'image');
    const ref = scalarString(doc, image) ?? scalarString(doc, child(doc, asMap(doc, image), 'repository'));
    if (ref && BUILD_TOOL_IMAGE.test(ref)) toolPrefixes.push(path.join('.'));
  });
  const inTool = (path: readonly string[]): boolean => toolPrefixes.some((p) => p === '' || path.join('.') === p || path.join('.').startsWith(`${p}.`));
  walkValues(ctx.file.yaml, (map, path, _key, doc) => {
    if (inTool(path)) return;
    const where = path.join('.').replace(/\.\[/g, '[');
    // `extraEnv: [{ name: NPM_TOKEN, value: ... }]`
    const nameNode = child(doc, map, 'name');
    const name = scalarString(doc, nameNode);
    if (name !== undefined && nameNode && (child(doc, map, 'value') || child(doc, map, 'valueFrom'))) {
      const fromSecret = child(doc, asMap(doc, child(doc, map, 'valueFrom')), 'secretKeyRef') !== undefined;
      if (handsOver(name, scalarString(doc, child(doc, map, 'value')), fromSecret)) {
        ctx.report(nameNode, `Values ${where}: environment variable ${name} is a build-only credential. ${ADVICE}`);
      }
      return;
    }
    // `env: { NPM_TOKEN: ... }` or `npmToken: ...`
    for (const pair of map.items) {
      const key = scalarString(doc, pair.key);
      if (key === undefined || !isScalar(pair.value)) continue;
      if (handsOver(key, scalarString(doc, pair.value), false)) {
        ctx.report(pair.key as YNode, `Values ${[...path, key].join('.').replace(/\.\[/g, '[')} is a build-only credential. ${ADVICE}`);
      }
    }
  });
}
