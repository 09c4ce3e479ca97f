import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'image-env-tag';

function pod(image: string, init = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${init}  containers:\n    - name: web\n      image: ${image}\n`;
}

describe('manifests', () => {
  test.each(['api:staging', 'registry.example.com:5000/api:prod-1.4.2', 'api:1.4.2-qa', 'api:dev', 'api:uat', 'api:dev-3f2a9c1', 'api:production'])('flags %s', async (image) => {
    const findings = await findingsOf(RULE, { 'deploy/web.yaml': pod(image) });
    expect(findings.map((f) => f.line)).toEqual([8]);
    expect(findings[0]!.message).toContain('Pod web, container web: image');
    expect(findings[0]!.message).toContain('promote that same tag');
  });

  test('flags init containers too', async () => {
    expect(await linesOf(RULE, 'deploy/web.yaml', pod('web:1.0.0', '  initContainers:\n    - name: migrate\n      image: migrate:test\n'))).toEqual([8]);
  });

  test.each([
    'api:1.4.2', 'api:1.2.3-rc1', 'api:v2-alpine', 'api:sha-3f2a9c1', 'ubuntu:devel',
    // Chainguard/Wolfi images with a shell are `-dev`; Debian's release is `testing`.
    'cgr.dev/chainguard/python:latest-dev', 'cgr.dev/chainguard/node:20.11-dev', 'debian:testing-slim',
    'api:production-ready', 'api:staging@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'registry.staging.example.com/api:1.4.2', 'api', '$(IMAGE)',
  ])('does not flag %s', async (image) => {
    expect(await linesOf(RULE, 'deploy/web.yaml', pod(image))).toEqual([]);
  });
});

describe('kustomize', () => {
  test('flags an environment newTag', async () => {
    const findings = await findingsOf(RULE, { 'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\nimages:\n  - name: api\n    newTag: staging\n' });
    expect(findings.map((f) => [f.line, f.message])).toEqual([[5, expect.stringContaining('Kustomize image api: newTag "staging"')]]);
  });

  test('not a version, nor a tag overridden by a digest', async () => {
    expect(await linesOf(RULE, 'overlays/staging/kustomization.yaml', 'images:\n  - name: api\n    newTag: 1.4.2\n  - name: web\n    newTag: staging\n    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n')).toEqual([]);
  });
});

describe('Helm', () => {
  const CHART = 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: 1.4.2\n';
  const TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"\n';

  test('values: image.tag, imageTag and image strings', async () => {
    const values = 'image:\n  repository: acme/web\n  tag: staging\nworker:\n  imageTag: prod-2.0.1\nproxy:\n  image: envoyproxy/envoy:qa\nother:\n  tag: 1.4.2\n';
    const findings = await findingsOf(RULE, { 'web/Chart.yaml': CHART, 'web/values.yaml': values });
    expect(findings.map((f) => [f.line, f.message.split(' names ')[0]])).toEqual([
      [3, 'Values image.tag "staging"'],
      [5, 'Values worker.imageTag "prod-2.0.1"'],
      [7, 'Values proxy.image "envoyproxy/envoy:qa"'],
    ]);
  });

  test('a template whose values are unchanged is reported on the template line', async () => {
    const findings = await findingsOf(RULE, [
      context('web/Chart.yaml', CHART),
      context('web/values.yaml', 'image:\n  repository: acme/web\n  tag: uat\n'),
      added('web/templates/deployment.yaml', TEMPLATE),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['web/templates/deployment.yaml', 10]]);
    expect(findings[0]!.message).toContain('"acme/web:uat" (from web/values.yaml line 3 (image.tag))');
  });

  test('a template whose values change is reported once, on the values line', async () => {
    const findings = await findingsOf(RULE, [
      context('web/Chart.yaml', CHART),
      added('web/values.yaml', 'image:\n  repository: acme/web\n  tag: uat\n'),
      added('web/templates/deployment.yaml', TEMPLATE),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['web/values.yaml', 3]]);
  });

  test('an appVersion default and unknown values are fine', async () => {
    expect(await findingsOf(RULE, [
      context('web/Chart.yaml', CHART),
      context('web/values.yaml', 'image:\n  repository: acme/web\n  tag: ""\n'),
      added('web/templates/deployment.yaml', TEMPLATE),
      added('web/templates/job.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          image: {{ include "web.image" . }}\n'),
    ])).toEqual([]);
  });
});
