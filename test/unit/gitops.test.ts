import { describe, expect, test } from '@jest/globals';
import { gitopsTargets } from '../../src/k8s/gitops.js';
import { classify } from '../../src/engine/classify.js';
import { parseFile, type ParsedFile } from '../../src/engine/parsed-file.js';
import { added } from '../helpers/change.js';

function parsed(path: string, text: string, tree: string[] = [path]): ParsedFile {
  return parseFile(added(path, text), classify(path, text, new Set(tree)), text);
}

const appSet = (generators: string, destination: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: shop\nspec:\n  generators:\n${generators}  template:\n    metadata:\n      name: 'shop-{{env}}'\n    spec:\n      destination:\n${destination}`;

describe('ApplicationSet generators', () => {
  test('a cluster generator: an unknown cluster of its own, named by the selector', () => {
    const file = parsed('argocd/set.yaml', appSet('    - clusters:\n        selector:\n          matchLabels:\n            env: staging\n        values:\n          env: qa\n', "        server: '{{server}}'\n        namespace: '{{values.env}}'\n"));
    const [target] = gitopsTargets(file);
    expect(target).toMatchObject({ label: 'ApplicationSet shop (cluster generator)', clusterNames: ['staging'], bySelector: true, clusterLabel: 'the clusters labelled env=staging' });
    expect(target!.cluster).toMatch(/^argocd:selected:argocd\/set\.yaml:/);
    expect(target!.appNames).toContain('qa');
  });

  test('a cluster generator with a literal destination is that cluster', () => {
    const file = parsed('argocd/set.yaml', appSet('    - clusters:\n        selector:\n          matchLabels:\n            env: staging\n', '        server: https://k8s.example.com\n'));
    expect(gitopsTargets(file)).toMatchObject([{ cluster: 'argocd:https://k8s.example.com' }]);
    expect(gitopsTargets(file)[0]!.bySelector).toBeUndefined();
  });

  test('a pull request generator gives one preview target', () => {
    const file = parsed('argocd/set.yaml', appSet('    - pullRequest:\n        gitlab:\n          project: "42"\n', '        name: shared\n'));
    expect(gitopsTargets(file)).toMatchObject([{ label: 'ApplicationSet shop (pull request previews)', cluster: 'argocd:name:shared', environment: { tier: 'non-production', name: 'preview' } }]);
  });

  test('a matrix of two lists is every combination', () => {
    const lists = '    - matrix:\n        generators:\n          - list:\n              elements: [{env: dev}, {env: prod}]\n          - list:\n              elements: [{region: eu}, {region: us}]\n';
    const targets = gitopsTargets(parsed('argocd/set.yaml', appSet(lists, "        server: 'https://{{region}}.example.com'\n")));
    expect(targets.map((t) => [t.label, t.cluster, t.appNames[0]])).toEqual([
      ['ApplicationSet shop (element 1)', 'argocd:https://eu.example.com', 'shop-dev'],
      ['ApplicationSet shop (element 2)', 'argocd:https://us.example.com', 'shop-dev'],
      ['ApplicationSet shop (element 3)', 'argocd:https://eu.example.com', 'shop-prod'],
      ['ApplicationSet shop (element 4)', 'argocd:https://us.example.com', 'shop-prod'],
    ]);
  });

  test('a matrix or merge without a list part is unknown', () => {
    const git = '          - git:\n              repoURL: https://git.example.com/a.git\n              files: [{path: "envs/*.json"}]\n';
    expect(gitopsTargets(parsed('argocd/set.yaml', appSet(`    - matrix:\n        generators:\n${git}${git}`, '        server: https://k8s.example.com\n')))).toEqual([]);
    expect(gitopsTargets(parsed('argocd/set.yaml', appSet(`    - merge:\n        mergeKeys: [env]\n        generators:\n${git}          - list:\n              elements: [{env: dev}]\n`, '        server: https://k8s.example.com\n')))).toEqual([]);
  });
});

describe('objects in Helm templates', () => {
  const tree = ['apps/Chart.yaml', 'apps/templates/a.yaml'];

  test('masked values are unknown: a templated server drops the target, a templated namespace is left out', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  source:\n    path: overlays/{{ .Values.env }}\n  destination:\n    server: https://k8s.example.com\n    namespace: {{ .Release.Namespace }}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: b\nspec:\n  destination:\n    server: {{ .Values.server }}\n';
    const file = parsed('apps/templates/a.yaml', text, tree);
    expect(file.kind).toBe('helm-template');
    expect(gitopsTargets(file).map((t) => [t.label, t.cluster, t.appNames])).toEqual([['Application (templated name)', 'argocd:https://k8s.example.com', []]]);
  });
});
