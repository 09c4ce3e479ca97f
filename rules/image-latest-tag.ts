import { defineRule } from '../src/engine/rule.js';
import { imagesPinnedByKustomize, kustomizeImages } from '../src/k8s/kustomize.js';
import { walkValues } from '../src/helm/chart.js';
import type { FileContext } from '../src/engine/context.js';
import { isMutableLatest } from '../src/k8s/image.js';
import { child, scalarString } from '../src/parse/yaml.js';
import { chartImagesFrom, deployedImage } from '../src/helm/images.js';

export default defineRule({
  id: 'image-latest-tag',
  antipattern: 1,
  severity: 'error',
  kinds: ['manifest', 'helm-template', 'helm-values', 'kustomization', 'gitops'],
  docs: {
    title: 'Images must not use the latest tag',
    summary: 'A container image pinned to `latest`, or to no tag at all, does not say which build runs.',
    why: [
      '`latest` is just the tag Docker applies when none is given, and it moves with every push.',
      'A cluster running `app:latest` cannot tell you which build it runs, a rollback has nothing to roll back to,',
      'and with `imagePullPolicy: Always` a pod that restarts may pull a different build than its siblings.',
    ].join(' '),
    fix: [
      'Tag every build with something that never moves: a semantic version or the git commit SHA.',
      'Promote that same tag from one environment to the next, or pin the image by digest (`app@sha256:...`).',
    ].join(' '),
    examples: [
      {
        path: 'deploy/web.yaml',
        bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n',
        good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.2\n',
      },
      {
        path: 'kustomization.yaml',
        bad: 'resources:\n  - deployment.yaml\nimages:\n  - name: api\n    newTag: latest\n',
        good: 'resources:\n  - deployment.yaml\nimages:\n  - name: api\n    newTag: 3.4.1\n',
      },
      {
        path: 'chart/templates/deployment.yaml',
        context: {
          'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: 1.4.2\n',
          'chart/values.yaml': 'image:\n  repository: registry.example.com/web\n  tag: ""\n',
        },
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image.repository }}"\n',
        good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"\n',
      },
    ],
  },
  check(ctx) {
    if (ctx.file.kind === 'helm-values') return checkValues(ctx);
    if (ctx.file.kind === 'kustomization') return checkKustomization(ctx);
    const pinnedByOverlays = imagesPinnedByKustomize(ctx.allFiles);
    for (const c of ctx.containers()) {
      const image = deployedImage(ctx, c);
      if (!image || !c.imageNode || !isMutableLatest(image.ref) || pinnedByOverlays.has(image.ref.name)) continue;
      const pull = scalarString(c.doc, child(c.doc, c.map, 'imagePullPolicy'));
      const what = image.ref.tag ? `uses the "latest" tag` : 'has no tag, which means "latest"';
      const always = pull === 'Always' ? ' With imagePullPolicy: Always, every restart may pull a different build.' : '';
      ctx.report(c.imageNode, `${c.label}: image "${image.text}"${image.from} ${what}.${always} Pin a version or a digest.`);
    }
  },
});

/**
 * Chart values: `image.tag: latest` (or any `*.image.tag`). An empty tag usually means appVersion.
 * Then the chart's templates, resolved against these values: any value that gives an image the
 * `latest` tag or no tag at all (`repository: nginx` used alone) is reported on its own line.
 */
function checkValues(ctx: FileContext): void {
  const reported = new Set<unknown>();
  if (ctx.file.yaml) {
    walkValues(ctx.file.yaml, (map, path, _key, doc) => {
      if (path[path.length - 1] !== 'image') return;
      const tagNode = child(doc, map, 'tag');
      const tag = scalarString(doc, tagNode);
      if (tagNode && tag?.toLowerCase() === 'latest') {
        reported.add(tagNode);
        ctx.report(tagNode, `Values ${[...path, 'tag'].join('.')} is "latest". Set a version, or leave it empty to use the chart's appVersion.`);
      }
    });
  }
  for (const { template, container, image, source } of chartImagesFrom(ctx.file, ctx.allFiles)) {
    if (!isMutableLatest(image.ref) || reported.has(source.node)) continue;
    reported.add(source.node);
    const what = image.ref.tag ? 'the "latest" tag' : 'no tag, which means "latest"';
    ctx.report(source.node, `Values ${source.path} gives ${container.label} (${template.path}) the image "${image.text}" with ${what}. Set a version.`);
  }
}

function checkKustomization(ctx: FileContext): void {
  for (const image of kustomizeImages(ctx.file)) {
    if (image.newTagNode && image.newTag?.toLowerCase() === 'latest' && !image.digest) {
      ctx.report(image.newTagNode, `Kustomize image ${image.name ?? 'image'}: newTag is "latest". Set a version or a digest.`);
    }
  }
}
