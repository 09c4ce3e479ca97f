import { defineRule } from '../src/engine/rule.js';
import { shellOf } from '../src/ci/units.js';
import { firstTime, keyOf, where } from '../src/ci/rule-helpers.js';
import { flagValues, helmCall, kubectlCall, positional } from '../src/shell/kube.js';
import type { ShellCommand, ShellWord } from '../src/shell/script.js';
import { imageTags, splitImage } from '../src/ci/images.js';

/** `--set image.tag=latest`, `--set image=repo:latest` and the like. */
function helmLatest(command: ShellCommand): ShellWord[] {
  const helm = helmCall(command);
  if (!helm || !['upgrade', 'install', 'template'].includes(positional(helm, 0) ?? '')) return [];
  return flagValues(helm, '--set', '--set-string').filter((w) => !w.dynamic && w.value.split(',').some((pair) => {
    const [key = '', value = ''] = pair.split('=', 2);
    return (/(^|\.)tag$/i.test(key) && value.toLowerCase() === 'latest') || (/image$/i.test(key) && splitImage(value).tag?.toLowerCase() === 'latest');
  }));
}

/** `kubectl set image deploy/x c=repo:latest`. */
function kubectlLatest(command: ShellCommand): ShellWord[] {
  const kubectl = kubectlCall(command);
  if (!kubectl || positional(kubectl, 0) !== 'set' || positional(kubectl, 1) !== 'image') return [];
  return kubectl.positionals.slice(3).filter((w) => !w.dynamic && splitImage(w.value.slice(w.value.indexOf('=') + 1)).tag?.toLowerCase() === 'latest');
}

export default defineRule({
  id: 'ci-push-latest',
  antipattern: 1,
  severity: 'warning',
  kinds: ['script', 'ci'],
  docs: {
    title: 'Do not build, push or deploy images as latest',
    summary: 'A script or pipeline builds, tags or pushes an image as `latest`, or deploys one with `kubectl set image` or `helm --set image.tag=latest`.',
    why: [
      'A registry that only receives `latest` keeps no history: every build overwrites the previous one, a rollback has nothing to go back to,',
      'and a cluster cannot tell which build it runs. A deploy that sets `latest` does not even change the pod template, so nothing rolls out.',
      'A `latest` alias pushed next to an immutable tag of the same image (`app:1.4.2` and `app:latest`) is not reported: deployments can use the immutable one.',
    ].join(' '),
    fix: [
      'Tag every build with something that never moves, such as the git commit SHA or a release version, push that tag,',
      'and deploy exactly that tag from environment to environment.',
    ].join(' '),
    examples: [
      {
        path: 'scripts/build.sh',
        bad: '#!/bin/sh\ndocker build -t registry.example.com/web:latest .\ndocker push registry.example.com/web:latest\n',
        good: '#!/bin/sh\nTAG=$(git rev-parse --short HEAD)\ndocker build -t "registry.example.com/web:$TAG" .\ndocker push "registry.example.com/web:$TAG"\n',
      },
      {
        path: '.github/workflows/deploy.yml',
        bad: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web ./chart --set image.tag=latest --wait\n',
        good: 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install web ./chart --set image.tag=${{ github.sha }} --wait\n',
      },
    ],
  },
  async check(ctx) {
    const fresh = firstTime();
    for (const unit of (await shellOf(ctx.file)).units) {
      const tags = imageTags(unit);
      // `docker build -t app:latest` then `docker push app:latest` is one mistake: report it on its
      // first line, spanning to its last, so a change to either line brings it up.
      const reported = new Set<string>();
      for (const tag of tags) {
        if (!tag.latest || reported.has(tag.image) || !fresh(tag.line)) continue;
        reported.add(tag.image);
        const last = Math.max(...tags.filter((t) => t.latest && t.image === tag.image).map((t) => t.line));
        // A latest alias next to an immutable tag of the same repository is a convenience, not the deployed reference.
        if (tags.some((t) => t.immutable && t.repository === tag.repository)) continue;
        ctx.report(tag.line, `${where(unit)}${tag.how} "${tag.image}" uses the latest tag. Tag builds with the commit SHA or a version and push and deploy that tag.`, { key: keyOf(unit), span: [tag.line, last] });
      }
      for (const command of unit.script.commands) {
        for (const word of [...helmLatest(command), ...kubectlLatest(command)]) {
          if (!fresh(word.line)) continue;
          ctx.report(word.line, `${where(unit)}${command.name} deploys the image tag latest ("${word.value}"). Deploy the immutable tag of the build (commit SHA or version) instead.`, { key: keyOf(unit) });
        }
      }
    }
  },
});
