import { describe, expect, test } from '@jest/globals';
import { maskTemplate } from '../../src/parse/helm-mask.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { classify } from '../../src/engine/classify.js';
import { linesFromPatch, diffTexts } from '../../src/diff/patch.js';

describe('maskTemplate', () => {
  const template = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    '  labels:',
    '    {{- include "app.labels" . | nindent 4 }}',
    'spec:',
    '{{- if .Values.replicas }}',
    '  replicas: {{ .Values.replicas }}',
    '{{- end }}',
  ].join('\n');

  test('keeps every line and its length, and parses as YAML', () => {
    const masked = maskTemplate(template);
    expect(masked.text.split('\n').map((l) => l.length)).toEqual(template.split('\n').map((l) => l.length));
    expect(masked.actionLines).toEqual(new Set([6, 8, 10]));
    expect(parseYaml(masked.text).ok).toBe(true);
  });

  test('multi-line actions become comments on every line', () => {
    const masked = maskTemplate('a: 1\n{{- with .Values.x\n  }}\nb: 2\n');
    expect(masked.actionLines).toEqual(new Set([2, 3]));
    expect(parseYaml(masked.text).ok).toBe(true);
  });
});

describe('parseYaml', () => {
  test('reports the line and reason of a syntax error', () => {
    const result = parseYaml('a: 1\nb: [1, 2\nc: 3\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.line).toBeGreaterThanOrEqual(2);
  });

  test('stops an alias bomb quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const result = parseYaml(bomb.join('\n') + '\n');
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('alias') });
  });

  test('multi-document files with an empty document parse', () => {
    const result = parseYaml('---\na: 1\n---\n---\nb: 2\n');
    expect(result.ok && result.file.docs.length).toBe(3);
  });
});

describe('classify', () => {
  const tree = new Set(['chart/Chart.yaml', 'chart/values.yaml', 'chart/templates/deploy.yaml']);
  test.each([
    ['Dockerfile', '', 'dockerfile'],
    ['build/api.Dockerfile', '', 'dockerfile'],
    ['Containerfile', '', 'dockerfile'],
    ['infra/main.tf', '', 'terraform'],
    ['.github/workflows/ci.yml', 'on: push', 'ci'],
    ['.gitlab-ci.yml', 'stages: []', 'ci'],
    ['scripts/deploy.sh', '', 'script'],
    ['Makefile', '', 'script'],
    ['bin/release', '#!/usr/bin/env bash\nkubectl apply -f x', 'script'],
    ['src/main.go', '', 'source'],
    ['chart/Chart.yaml', 'apiVersion: v2', 'chart'],
    ['chart/values.yaml', 'image: {}', 'helm-values'],
    ['chart/templates/deploy.yaml', 'kind: Deployment', 'helm-template'],
    ['deploy/prod/values.yaml', 'image: {}', 'helm-values'],
    ['overlays/prod/kustomization.yaml', 'resources: []', 'kustomization'],
    ['k8s/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', 'manifest'],
    ['apps/web.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n', 'gitops'],
    ['docs/mkdocs.yml', 'site_name: x', 'other'],
    ['README.md', '# hi', 'other'],
  ])('%s is %s', (path, text, kind) => {
    expect(classify(path, text, tree)).toBe(kind);
  });
});

describe('patch parsing', () => {
  test('GitHub patches without a header give added lines and hunk ranges', () => {
    const patch = '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n d\n@@ -10,2 +11,2 @@\n x\n-y\n+Y\n';
    const { changedLines, hunks } = linesFromPatch(patch);
    expect([...changedLines]).toEqual([2, 3, 12]);
    expect(hunks).toEqual([[1, 4], [11, 12]]);
  });

  test('diffing texts ourselves finds the same lines', () => {
    const { changedLines } = diffTexts('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect([...changedLines].sort()).toEqual([2, 4]);
  });
});
