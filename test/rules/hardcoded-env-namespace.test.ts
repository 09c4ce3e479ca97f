import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const RULE = 'hardcoded-env-namespace';

function service(namespace: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: ${namespace}\nspec:\n  ports:\n    - port: 80\n`;
}

describe('manifests and templates', () => {
  test.each(['staging', 'qa', 'uat', 'test', 'integration', 'dev', 'shop-staging', 'team-a-dev', 'stg', 'pre-prod'])('flags namespace %s', async (ns) => {
    const findings = await findingsOf(RULE, { 'deploy/api.yaml': service(ns) });
    expect(findings.map((f) => f.line)).toEqual([5]);
    expect(findings[0]!.message).toMatch(new RegExp(`^Service api: namespace "${ns}" hardcodes the shared \\w+ environment`));
    expect(findings[0]!.severity).toBe('hint');
  });

  test('one hint per object', async () => {
    expect(await linesOf(RULE, 'deploy/api.yaml', `${service('qa')}---\n${service('qa')}`)).toEqual([5, 14]);
  });

  test('a literal namespace in a Helm template', async () => {
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: staging\n',
    };
    expect((await findingsOf(RULE, files)).map((f) => [f.file, f.line])).toEqual([['chart/templates/service.yaml', 5]]);
  });

  test.each(['production', 'prod', 'monitoring', 'product', 'kube-system', 'preview-pr-42', 'pr-42', 'default'])('does not flag namespace %s', async (ns) => {
    expect(await linesOf(RULE, 'deploy/api.yaml', service(ns))).toEqual([]);
  });

  test('not the Namespace object itself, nor a templated namespace', async () => {
    expect(await linesOf(RULE, 'deploy/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n')).toEqual([]);
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: {{ .Values.namespace | default "staging" }}\n',
    };
    expect(await findingsOf(RULE, files)).toEqual([]);
  });
});

describe('values', () => {
  test('namespace keys of chart values', async () => {
    const findings = await findingsOf(RULE, {
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/values.yaml': 'namespaceOverride: qa\nserviceMonitor:\n  namespace: monitoring\nworker:\n  namespace: uat\n',
    });
    expect(findings.map((f) => [f.line, f.message.split(' hardcodes')[0]])).toEqual([[1, 'Values namespaceOverride'], [5, 'Values worker.namespace']]);
  });

  test('other keys naming an environment are not namespaces', async () => {
    expect(await findingsOf(RULE, {
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/values.yaml': 'environment: staging\nnamespace: ""\n',
    })).toEqual([]);
  });
});

test('a SealedSecret must name the namespace it was sealed for', async () => {
  const sealed = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n  namespace: staging\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA==\n';
  expect(await linesOf(RULE, 'deploy/db-sealed.yaml', sealed)).toEqual([]);
});
