/** image-latest-tag on Helm charts: template images resolved against the chart's values. */
import { expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context } from '../helpers/change.js';

const RULE = 'image-latest-tag';
const CHART = context('web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: 1.4.2\n');

function template(image: string) {
  return added('web/templates/deployment.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n          imagePullPolicy: Always\n`);
}

const TAGGED = '"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"';

test('unchanged values with tag latest: reported on the template line, naming the values line', async () => {
  const findings = await findingsOf(RULE, [CHART, context('web/values.yaml', 'image:\n  repository: acme/web\n  tag: latest\n'), template(TAGGED)]);
  expect(findings.map((f) => [f.file, f.line])).toEqual([['web/templates/deployment.yaml', 10]]);
  expect(findings[0]!.message).toContain('image "acme/web:latest" (from web/values.yaml line 3 (image.tag)) uses the "latest" tag. With imagePullPolicy: Always');
});

test('changed values: reported once, on the values line', async () => {
  const findings = await findingsOf(RULE, [CHART, added('web/values.yaml', 'image:\n  repository: acme/web\n  tag: latest\n'), template(TAGGED)]);
  expect(findings.map((f) => [f.file, f.line])).toEqual([['web/values.yaml', 3]]);
});

test('a values repository used without a tag is reported on its own line', async () => {
  const findings = await findingsOf(RULE, [CHART, added('web/values.yaml', 'image:\n  repository: acme/web\n'), context('web/templates/deployment.yaml', template('{{ .Values.image.repository }}').text!)]);
  expect(findings.map((f) => [f.file, f.line])).toEqual([['web/values.yaml', 2]]);
  expect(findings[0]!.message).toMatch(/^Values image\.repository gives Deployment .+?, container web \(web\/templates\/deployment\.yaml\) the image "acme\/web" with no tag, which means "latest"\. Set a version\.$/);
});

test('a literal latest after a values repository is the template\'s own', async () => {
  const findings = await findingsOf(RULE, [CHART, added('web/values.yaml', 'image:\n  repository: acme/web\n'), template('"{{ .Values.image.repository }}:latest"')]);
  expect(findings.map((f) => [f.file, f.line])).toEqual([['web/templates/deployment.yaml', 10]]);
});

test.each([
  ['the appVersion default', 'image:\n  repository: acme/web\n  tag: ""\n', TAGGED],
  ['a pinned tag', 'image:\n  repository: acme/web\n  tag: 1.4.2\n', TAGGED],
  ['an unset tag with no default (the deployer must set it)', 'image:\n  repository: acme/web\n', '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"'],
  ['a helper the resolver does not read', 'image:\n  repository: acme/web\n  tag: latest\n', '{{ include "web.image" . }}'],
])('no template finding for %s', async (_name, values, image) => {
  const findings = await findingsOf(RULE, [CHART, context('web/values.yaml', values), template(image)]);
  expect(findings).toEqual([]);
});
