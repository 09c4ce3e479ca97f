/**
 * Files of kind 'other' that a kustomization uses as a patch (JSON 6902 op lists, fragments without
 * apiVersion) reach the rules even when no enabled rule reads every text file; others are dropped.
 */
import { describe, expect, test } from '@jest/globals';
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { RULES } from '../../src/engine/registry.js';
import type { ChangedFile } from '../../src/model/types.js';
import { added, context, modified } from '../helpers/change.js';

// No rule of this set reads every text file: 'other' files are dropped unless a kustomization names them.
const RESOURCE_RULES = RULES.filter((r) => ['missing-memory-limit', 'missing-liveness-probe'].includes(r.id));

const BASE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: registry.example.com/api:1.4.2',
  '',
].join('\n');

/** A JSON 6902 patch: a list of operations, no apiVersion, so of kind 'other'. */
const JSON_PATCH = [
  '- op: add',
  '  path: /spec/template/spec/containers/0/resources',
  '  value:',
  '    limits: { cpu: "1", memory: 512Mi }',
  '',
].join('\n');

/** A strategic merge fragment without apiVersion: also of kind 'other'. */
const FRAGMENT = [
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          livenessProbe:',
  '            httpGet: { path: /healthz, port: 8080 }',
  '',
].join('\n');

const OVERLAY = [
  'resources: [../../base]',
  'patches:',
  '  - path: limits.yaml',
  '    target: { kind: Deployment, name: api }',
  '  - path: probe.yaml',
  '',
].join('\n');

const baseEdit = (): ChangedFile => modified('k8s/base/deployment.yaml', BASE.replace('1.4.2', '1.4.1'), BASE);

async function rulesFired(files: ChangedFile[], config = DEFAULT_CONFIG): Promise<string[]> {
  const result = await analyze({ files }, config, { rules: RESOURCE_RULES });
  return result.findings.filter((f) => f.file === 'k8s/base/deployment.yaml').map((f) => f.rule).sort();
}

describe('patch files of kind other', () => {
  test('without the overlay, the patches are dropped and the base is flagged', async () => {
    const files = [baseEdit(), context('k8s/overlays/prod/limits.yaml', JSON_PATCH), context('k8s/overlays/prod/probe.yaml', FRAGMENT)];
    expect(await rulesFired(files)).toEqual(['missing-liveness-probe', 'missing-memory-limit']);
  });

  test('an overlay in the context names them: a JSON patch and a fragment without apiVersion reach the rules', async () => {
    const files = [
      baseEdit(),
      context('k8s/overlays/prod/kustomization.yaml', OVERLAY),
      context('k8s/overlays/prod/limits.yaml', JSON_PATCH),
      context('k8s/overlays/prod/probe.yaml', FRAGMENT),
    ];
    expect(await rulesFired(files)).toEqual([]);
  });

  test('a changed overlay names them too; the patch files are not reported as analysed', async () => {
    const files = [
      baseEdit(),
      added('k8s/overlays/prod/kustomization.yaml', OVERLAY),
      added('k8s/overlays/prod/limits.yaml', JSON_PATCH),
      added('k8s/overlays/prod/probe.yaml', FRAGMENT),
      added('k8s/overlays/prod/notes.yaml', 'owner: team-api\n'),
    ];
    const result = await analyze({ files }, DEFAULT_CONFIG, { rules: RESOURCE_RULES });
    expect(result.findings).toEqual([]);
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    for (const path of ['k8s/overlays/prod/limits.yaml', 'k8s/overlays/prod/probe.yaml', 'k8s/overlays/prod/notes.yaml']) {
      expect(byPath.get(path)).toEqual({ path, kind: 'other', status: 'skipped', reason: 'not a file kind any rule reads' });
    }
  });

  test('a patch named with ./ and a JSON file name is matched by its normalised path', async () => {
    const overlay = 'resources: [../../base]\npatches:\n  - path: ./ops/limits.json\n    target:\n      kind: Deployment\n';
    const json = '[{"op": "add", "path": "/spec/template/spec/containers/0/resources", "value": {"limits": {"memory": "512Mi"}}}]\n';
    const files = [baseEdit(), context('k8s/overlays/prod/kustomization.yaml', overlay), context('k8s/overlays/prod/ops/limits.json', json)];
    expect(await rulesFired(files)).toEqual(['missing-liveness-probe']);
  });

  test('a kustomization left out by ignore_paths names no patches', async () => {
    const files = [baseEdit(), context('k8s/overlays/prod/kustomization.yaml', OVERLAY), context('k8s/overlays/prod/limits.yaml', JSON_PATCH)];
    const config = { ...DEFAULT_CONFIG, ignore_paths: ['k8s/overlays/**/kustomization.yaml'] };
    expect(await rulesFired(files, config)).toEqual(['missing-liveness-probe', 'missing-memory-limit']);
  });
});
