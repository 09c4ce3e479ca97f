import { describe, expect, test } from '@jest/globals';
import { classify } from '../../src/engine/classify.js';
import { parseFile, type ParsedFile } from '../../src/engine/parsed-file.js';
import { chartOf, resolveScalar, resolveText, templatesOf, type Chart } from '../../src/helm/values.js';
import { chartImagesFrom, describeSource, resolveContainerImage, resolveImage } from '../../src/helm/images.js';
import { containersOf, toWorkload } from '../../src/k8s/workloads.js';
import { getPath } from '../../src/parse/yaml.js';
import { added, context } from '../helpers/change.js';
import type { ChangedFile } from '../../src/model/types.js';

function parseAll(...sources: ChangedFile[]): ParsedFile[] {
  const tree = new Set(sources.map((s) => s.path));
  return sources.map((s) => parseFile(s, classify(s.path, s.text!, tree), s.text!));
}

const CHART_YAML = 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: 1.10\n';
const VALUES = [
  'image:',
  '  registry: docker.io',
  '  repository: acme/web',
  '  tag: ""',
  'sidecar:',
  '  image: busybox',
  '  tag: 1.36.1',
  'number: 0',
  'enabled: false',
  'labels:',
  '  team: shop',
  'empty: {}',
  '',
].join('\n');

function chart(values = VALUES, chartYaml = CHART_YAML): Chart {
  const files = parseAll(added('web/Chart.yaml', chartYaml), added('web/values.yaml', values), added('web/templates/a.yaml', 'kind: ConfigMap\n'));
  return chartOf(files[2]!, files)!;
}

describe('resolveText', () => {
  const c = chart();

  test.each([
    ['{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}', 'acme/web:1.10'],
    ['{{ .Values.image.registry }}/{{ .Values.image.repository }}', 'docker.io/acme/web'],
    ['{{ $.Values.sidecar.image }}:{{ .Values.sidecar.tag }}', 'busybox:1.36.1'],
    ['{{ default .Chart.AppVersion .Values.image.tag }}', '1.10'],
    ['{{ .Values.missing | default "fallback" }}', 'fallback'],
    ['{{ .Values.number | default 5 }}', '5'],
    ['{{ .Values.enabled | default "yes" }}', 'yes'],
    ['{{ .Values.empty | default "none" }}', 'none'],
    ['{{ .Values.labels | default "none" | quote }}', undefined],
    ['{{ .Values.sidecar.tag | quote }}', '1.36.1'],
    ['{{ (.Values.image.tag | default .Chart.AppVersion) }}', '1.10'],
    ['{{ printf "%s:%s" .Values.image.repository .Chart.AppVersion }}', 'acme/web:1.10'],
    ['{{ coalesce .Values.image.tag .Values.sidecar.tag }}', '1.36.1'],
    ['{{ required "set a tag" .Values.sidecar.tag }}', '1.36.1'],
    ['prefix-{{- " x " | trim -}} -suffix', 'prefix-x-suffix'],
    ['{{ .Values.image.missing }}', ''],
  ])('%s → %s', (source, expected) => {
    expect(resolveText(source, c)?.text).toBe(expected);
  });

  test.each([
    '{{ include "web.image" . }}',
    '{{ .Release.Name }}',
    '{{ $tag }}',
    '{{ .Values.image.tag | upper }}',
    '{{ tpl .Values.image.repository . }}',
    '{{ if .Values.enabled }}a{{ end }}',
    '{{ .Values.global.imageRegistry }}',
    '{{ required "set a tag" .Values.image.tag }}',
    '{{ "unterminated }}',
  ])('%s is unknown', (source) => {
    expect(resolveText(source, c)).toBeUndefined();
  });

  test('each piece remembers its values line', () => {
    const resolved = resolveText('{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}', c)!;
    const sources = resolved.pieces.map((p) => p.source && describeSource(p.source));
    expect(sources).toEqual(['web/values.yaml line 3 (image.repository)', undefined, 'web/Chart.yaml line 4 (Chart.appVersion)']);
  });

  test('an unset value prints nothing and says so', () => {
    expect(resolveText('{{ .Values.image.tag }}', c)?.pieces[0]).toMatchObject({ text: '', empty: true });
  });

  test('without the values file everything is unknown', () => {
    const files = parseAll(added('web/Chart.yaml', CHART_YAML), added('web/templates/a.yaml', 'kind: ConfigMap\n'));
    expect(resolveText('{{ .Values.image.repository }}', chartOf(files[1]!, files)!)).toBeUndefined();
  });
});

describe('templates', () => {
  const TEMPLATE = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "web.fullname" . }}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '        - name: sidecar',
    '          image: {{ .Values.sidecar.image }}',
    '        - name: helper',
    '          image: {{ include "web.helperImage" . }}',
    '',
  ].join('\n');

  function files(values = VALUES): ParsedFile[] {
    return parseAll(context('web/Chart.yaml', CHART_YAML), context('web/values.yaml', values), added('web/templates/deployment.yaml', TEMPLATE));
  }

  function containers(all: ParsedFile[]) {
    const template = all[2]!;
    return template.objects.map(toWorkload).flatMap((w) => (w ? containersOf(template.yaml!, w) : []));
  }

  test('reads the action text of masked scalars from the original', () => {
    const all = files();
    const node = getPath(all[2]!.objects[0]!.doc, all[2]!.objects[0]!.map, ['metadata', 'name']);
    expect(resolveScalar(all[2]!, node, chartOf(all[2]!, all)!)).toBeUndefined();
    const [web, sidecar, helper] = containers(all);
    expect(resolveContainerImage(all[2]!, all, web!)?.text).toBe('acme/web:1.10');
    expect(resolveContainerImage(all[2]!, all, sidecar!)?.text).toBe('busybox');
    expect(resolveContainerImage(all[2]!, all, helper!)).toBeUndefined();
  });

  test('blames the tag on its value, an untagged image on the value its name ends with', () => {
    const all = files(VALUES.replace('tag: ""', 'tag: latest'));
    const [web, sidecar] = containers(all);
    expect(describeSource(resolveContainerImage(all[2]!, all, web!)!.source!)).toBe('web/values.yaml line 4 (image.tag)');
    expect(describeSource(resolveContainerImage(all[2]!, all, sidecar!)!.source!)).toBe('web/values.yaml line 6 (sidecar.image)');
  });

  test('an unset part makes the image unknown: the chart expects it from the deployer', () => {
    const all = files();
    const [web] = containers(all);
    const c = chartOf(all[2]!, all)!;
    const node = web!.imageNode;
    expect(resolveImage(all[2]!, node, { ...c, chartYaml: undefined })).toBeUndefined();
  });

  test('chartImagesFrom lists the images a default values file feeds', () => {
    const all = files();
    const fed = chartImagesFrom(all[1]!, all);
    expect(fed.map((f) => [f.container.name, f.image.text, f.source.path])).toEqual([['sidecar', 'busybox', 'sidecar.image']]);
    expect(templatesOf(chartOf(all[1]!, all)!, all).map((t) => t.path)).toEqual(['web/templates/deployment.yaml']);
  });

  test('an environment values file is not the chart default', () => {
    const all = parseAll(context('web/Chart.yaml', CHART_YAML), added('web/values-prod.yaml', VALUES), added('web/templates/deployment.yaml', TEMPLATE));
    expect(chartImagesFrom(all[1]!, all)).toEqual([]);
  });
});
