import { defineRule } from '../src/engine/rule.js';
import type { FileContext } from '../src/engine/context.js';
import { environmentOfTag } from '../src/k8s/environment.js';
import { parseImage } from '../src/k8s/image.js';
import { chartImagesFrom, deployedImage } from '../src/helm/images.js';
import { walkValues } from '../src/helm/chart.js';
import { asMap, child, scalarString, type YNode } from '../src/parse/yaml.js';
import { pipelineImages } from '../src/ci/image-refs.js';
import { kustomizeImages } from '../src/k8s/kustomize.js';

const ADVICE = 'Build the image once, tag it with a version or commit, and promote that same tag through every environment.';

export default defineRule({
  id: 'image-env-tag',
  antipattern: 2,
  severity: 'warning',
  kinds: ['manifest', 'helm-template', 'helm-values', 'kustomization', 'script', 'ci'],
  docs: {
    title: 'Image tags should not name an environment',
    summary: 'A tag such as `staging` or `prod-1.4.2` means each environment runs its own build of the image.',
    why: [
      'When the tag names the environment, the image was built for that environment: production runs a build that was never the one tested in staging.',
      'Environment tags also tend to move (`app:staging` is overwritten by every push), so the tag says neither which build runs nor where it came from.',
    ].join(' '),
    fix: [
      'Build one image per commit and tag it with something that identifies the build (`1.4.2`, the git SHA).',
      'Promote that same tag from environment to environment, and keep the differences between environments in configuration (ConfigMaps, values files, overlays).',
    ].join(' '),
    examples: [
      {
        path: 'deploy/api.yaml',
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:staging\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:1.4.2\n',
      },
      {
        path: 'overlays/prod/kustomization.yaml',
        bad: 'resources:\n  - ../../base\nimages:\n  - name: api\n    newTag: prod-1.4.2\n',
        good: 'resources:\n  - ../../base\nimages:\n  - name: api\n    newTag: 1.4.2\n',
      },
      {
        path: 'scripts/release.sh',
        bad: '#!/bin/sh\ndocker build -t registry.example.com/api:staging .\ndocker push registry.example.com/api:staging\n',
        good: '#!/bin/sh\nTAG=$(git rev-parse --short HEAD)\ndocker build -t "registry.example.com/api:$TAG" .\ndocker push "registry.example.com/api:$TAG"\n',
      },
    ],
  },
  async check(ctx) {
    if (ctx.file.kind === 'script' || ctx.file.kind === 'ci') return checkPipeline(ctx);
    if (ctx.file.kind === 'helm-values') return checkValues(ctx);
    if (ctx.file.kind === 'kustomization') return checkKustomization(ctx);
    for (const c of ctx.containers()) {
      const image = deployedImage(ctx, c);
      const { tag, digest, dynamic } = image?.ref ?? {};
      const env = tag && !digest && !dynamic ? environmentOfTag(tag) : undefined;
      if (image && env && c.imageNode) ctx.report(c.imageNode, `${c.label}: image "${image.text}"${image.from} is tagged with an environment name ("${env}"). ${ADVICE}`);
    }
  },
});

/** Tags a script or pipeline pushes or deploys, and CI job images; each image once per job. */
async function checkPipeline(ctx: FileContext): Promise<void> {
  const seen = new Set<string>();
  for (const ref of await pipelineImages(ctx.file)) {
    const env = ref.tag ? environmentOfTag(ref.tag) : undefined;
    const key = ref.job ? `job/${ref.job}` : undefined;
    const id = `${key ?? ''}\u0000${ref.image}`;
    if (!env || seen.has(id) || seen.has(`line:${ref.line}:${ref.image}`)) continue;
    seen.add(id).add(`line:${ref.line}:${ref.image}`);
    ctx.report(ref.line, `${ref.job ? `Job ${ref.job}: ` : ''}${ref.how} "${ref.image}": the tag names an environment ("${env}"). ${ADVICE}`, { key });
  }
}

/** `*.image.tag`, `*.imageTag` and `image: repo:tag` in values, then values that feed the chart's templates. */
function checkValues(ctx: FileContext): void {
  const reported = new Set<unknown>();
  const flag = (node: YNode | undefined, what: string, tag: string | undefined): void => {
    const env = tag ? environmentOfTag(tag) : undefined;
    if (!node || !env || reported.has(node)) return;
    reported.add(node);
    ctx.report(node, `${what} names an environment ("${env}"). ${ADVICE}`);
  };
  if (ctx.file.yaml) {
    walkValues(ctx.file.yaml, (map, path, _key, doc) => {
      const at = (key: string): string => [...path, key].join('.');
      if (path[path.length - 1] === 'image' || child(doc, map, 'repository')) {
        const tag = child(doc, map, 'tag');
        flag(tag, `Values ${at('tag')} "${scalarString(doc, tag)}"`, scalarString(doc, tag));
      }
      const imageTag = child(doc, map, 'imageTag');
      flag(imageTag, `Values ${at('imageTag')} "${scalarString(doc, imageTag)}"`, scalarString(doc, imageTag));
      const image = child(doc, map, 'image');
      const text = scalarString(doc, image);
      if (text && !asMap(doc, image)) flag(image, `Values ${at('image')} "${text}"`, parseImage(text).tag);
    });
  }
  for (const { template, container, image, source } of chartImagesFrom(ctx.file, ctx.allFiles)) {
    flag(source.node, `Values ${source.path} gives ${container.label} (${template.path}) the image "${image.text}", whose tag`, image.ref.tag);
  }
}

function checkKustomization(ctx: FileContext): void {
  for (const image of kustomizeImages(ctx.file)) {
    const env = image.newTag && !image.digest ? environmentOfTag(image.newTag) : undefined;
    if (!image.newTagNode || !env) continue;
    ctx.report(image.newTagNode, `Kustomize image ${image.name ?? 'image'}: newTag "${image.newTag}" names an environment ("${env}"). ${ADVICE}`);
  }
}
