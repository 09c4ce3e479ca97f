import { defineRule } from '../src/engine/rule.js';
import { isMutableLatest } from '../src/k8s/image.js';
import { dockerfileOf } from '../src/parse/dockerfile.js';

export default defineRule({
  id: 'dockerfile-base-latest',
  antipattern: 1,
  severity: 'warning',
  kinds: ['dockerfile'],
  docs: {
    title: 'Base images must not float on latest',
    summary: 'A `FROM` line with the `latest` tag, or with no tag and no digest, builds on whatever the registry serves that day.',
    why: [
      'Two builds of the same commit can start from different base images when the base is `latest` (or untagged, which means the same).',
      'A new major version of the base can arrive without any change in your repository, breaking the build or, worse, changing behaviour at run time,',
      'and nobody can say afterwards which base a given image was built on.',
    ].join(' '),
    fix: [
      'Name a version in every `FROM` (`node:20.18-alpine`), or pin the digest (`node@sha256:...`) and let a bot such as Renovate or Dependabot propose updates.',
      'When the base comes from a build argument, give the `ARG` a pinned default. `scratch` and earlier build stages are fine as they are.',
    ].join(' '),
    examples: [
      {
        bad: 'FROM node\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
        good: 'FROM node:20.18-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      },
      {
        bad: 'ARG BASE=python:latest\nFROM ${BASE} AS app\nCOPY . /app\n',
        good: 'ARG BASE=python:3.12-slim\nFROM ${BASE} AS build\nCOPY . /app\nFROM build\nCMD ["python", "/app/main.py"]\n',
      },
    ],
  },
  check(ctx) {
    for (const from of dockerfileOf(ctx.file).froms) {
      if (!from.image || !isMutableLatest(from.image)) continue;
      const via = from.resolved !== from.raw ? ` (resolved from ${from.raw} with the ARG default)` : '';
      const what = from.image.tag ? 'uses the "latest" tag' : 'has no tag or digest, which means "latest"';
      const stage = from.name ? ` (stage ${from.name})` : '';
      ctx.report(from.line, `FROM ${from.resolved}${via}${stage}: the base image ${what}. Pin a version tag or a digest so every build starts from the same base.`, { span: [from.line, from.endLine] });
    }
  },
});
