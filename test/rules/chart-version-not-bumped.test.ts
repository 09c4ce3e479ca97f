import { describe, expect, test } from '@jest/globals';
import { findingsOf } from '../helpers/run.js';
import { added, context, modified } from '../helpers/change.js';
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';

const RULE = 'chart-version-not-bumped';
const chartYaml = (version: string, appVersion = '2.0.0'): string => `apiVersion: v2\nname: web\ndescription: The web app\nversion: ${version}\nappVersion: ${appVersion}\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n    - port: 80\n';
const SERVICE_8080 = SERVICE.replace('port: 80', 'port: 8080');
const VALUES = 'replicaCount: 1\nimage:\n  repository: web\n  tag: ""\n';

describe(RULE, () => {
  test('flags a template change when Chart.yaml is only context, on the first changed line', async () => {
    const findings = await findingsOf(RULE, [
      modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080),
      context('charts/web/Chart.yaml', chartYaml('1.4.0')),
    ]);
    expect(findings.map((f) => [f.file, f.line, f.severity])).toEqual([['charts/web/templates/service.yaml', 7, 'warning']]);
    expect(findings[0]!.message).toContain('Chart web: templates/service.yaml changed but its Chart.yaml version is still 1.4.0');
    expect(findings[0]!.message).toContain('e.g. to 1.4.1');
    expect(findings[0]!.onDiff).toBe(true);
  });

  test('flags a change when Chart.yaml is not in view at all', async () => {
    const findings = await findingsOf(RULE, [modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080)]);
    expect(findings.map((f) => f.line)).toEqual([7]);
    expect(findings[0]!.message).toContain('Chart.yaml is not part of the change');
  });

  test('anchors on the version line with a bump suggestion when Chart.yaml changed but not its version', async () => {
    const findings = await findingsOf(RULE, [
      modified('charts/web/Chart.yaml', chartYaml('1.4.0', '2.0.0'), chartYaml('1.4.0', '2.1.0')),
      modified('charts/web/values.yaml', VALUES, VALUES.replace('replicaCount: 1', 'replicaCount: 2')),
    ]);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['charts/web/Chart.yaml', 4]]);
    expect(findings[0]!.suggestion).toBe('version: 1.4.1');
    expect(findings[0]!.message).toContain('values.yaml changed');
  });

  test('covers _helpers.tpl and lists several files once per chart', async () => {
    const helpers = '{{- define "web.name" -}}\nweb\n{{- end }}\n';
    const findings = await findingsOf(RULE, [
      context('charts/web/Chart.yaml', chartYaml('0.3.0')),
      modified('charts/web/templates/_helpers.tpl', helpers, helpers.replace('web\n', 'web-app\n')),
      modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080),
      modified('charts/web/values.yaml', VALUES, VALUES.replace('replicaCount: 1', 'replicaCount: 2')),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('templates/_helpers.tpl, templates/service.yaml, values.yaml changed');
  });

  test('does not flag a bumped version, a new chart, or a change outside templates and default values', async () => {
    expect(await findingsOf(RULE, [
      modified('charts/web/Chart.yaml', chartYaml('1.4.0'), chartYaml('1.5.0')),
      modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080),
    ])).toEqual([]);
    expect(await findingsOf(RULE, [added('charts/web/Chart.yaml', chartYaml('0.1.0')), added('charts/web/templates/service.yaml', SERVICE)])).toEqual([]);
    expect(await findingsOf(RULE, [
      context('charts/web/Chart.yaml', chartYaml('1.4.0')),
      modified('charts/web/values-prod.yaml', VALUES, VALUES.replace('replicaCount: 1', 'replicaCount: 3')),
      modified('charts/web/README.md', '# web\n', '# web chart\n'),
      context('charts/web/templates/service.yaml', SERVICE),
    ])).toEqual([]);
  });

  test('without a base text, trusts the diff of the version line', async () => {
    const head = chartYaml('1.5.0');
    const bumped = { path: 'charts/web/Chart.yaml', status: 'modified' as const, text: head, changedLines: new Set([4]), hunks: [[1, 5]] as Array<[number, number]> };
    expect(await findingsOf(RULE, [bumped, modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080)])).toEqual([]);
    const notBumped = { ...bumped, changedLines: new Set([5]) };
    expect(await findingsOf(RULE, [notBumped, modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080)])).toHaveLength(1);
  });

  test('does not flag charts versioned at release time, or chart-testing values', async () => {
    expect(await findingsOf(RULE, [
      context('charts/web/Chart.yaml', chartYaml('0.0.0-dev')),
      modified('charts/web/templates/service.yaml', SERVICE, SERVICE_8080),
    ])).toEqual([]);
    // The head tree has charts/web/Chart.yaml, but the change does not carry it.
    const change = { files: [modified('charts/web/ci/values.yaml', VALUES, VALUES.replace('replicaCount: 1', 'replicaCount: 2'))] };
    const result = await analyze(change, DEFAULT_CONFIG, { treePaths: ['charts/web/Chart.yaml', 'charts/web/ci/values.yaml'] });
    expect(result.files.map((f) => f.kind)).toEqual(['helm-values']);
    expect(result.findings.filter((f) => f.rule === RULE)).toEqual([]);
  });

  test('does not treat a templates folder without a chart as one', async () => {
    const text = 'kind: Template\nname: {{ cookiecutter.name }}\n';
    expect(await findingsOf(RULE, [modified('scaffold/templates/notes.txt', 'old\n', text)])).toEqual([]);
  });
});
