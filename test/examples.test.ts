/**
 * examples/ is the deliberately bad repository of the demo and the docs: every rule must find
 * something in it. Rules about a change rather than files are run on a simulated edit.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/engine/analyze.js';
import { RULES } from '../src/engine/registry.js';
import type { ChangedFile, Result } from '../src/model/types.js';
import { added, context, modified } from './helpers/change.js';

const ROOT = fileURLToPath(new URL('../examples/', import.meta.url));

/** Rules that need a base revision: they are covered by the simulated edits below. */
const CHANGE_BASED = ['chart-version-not-bumped'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The examples by path relative to examples/ (as `check examples` names them). */
const FILES: ReadonlyMap<string, string> = new Map(walk(ROOT).map((f) => [relative(ROOT, f).split(sep).join('/'), readFileSync(f, 'utf8')]));

function text(path: string): string {
  const found = FILES.get(path);
  if (found === undefined) throw new Error(`examples/${path} is missing`);
  return found;
}

/** Every example file unchanged, except the ones given. */
function changeWith(...changed: ChangedFile[]): ChangedFile[] {
  const paths = new Set(changed.map((f) => f.path));
  return [...changed, ...[...FILES].filter(([path]) => !paths.has(path)).map(([path, body]) => context(path, body))];
}

function rulesOf(result: Result): Set<string> {
  return new Set(result.findings.map((f) => f.rule));
}

describe('examples/ as a new repository', () => {
  let result: Result;
  beforeAll(async () => {
    result = await analyze({ files: [...FILES].map(([path, body]) => added(path, body)) });
  });

  test('every rule except the change-based ones fires at least once', () => {
    const fired = rulesOf(result);
    const silent = RULES.map((r) => r.id).filter((id) => !fired.has(id));
    expect(silent).toEqual(CHANGE_BASED);
  });

  test('no file fails to parse and no rule crashes', () => {
    expect(result.findings.filter((f) => f.rule === 'parse-error' || f.rule === 'internal-error')).toEqual([]);
    expect(result.files.filter((f) => f.status === 'error')).toEqual([]);
  });

  test('the CI files are read as pipelines and the chart files as a chart', () => {
    const kinds = new Map(result.files.map((f) => [f.path, f.kind]));
    expect(kinds.get('.github/workflows/deploy.yml')).toBe('ci');
    expect(kinds.get('.gitlab-ci.yml')).toBe('ci');
    expect(kinds.get('charts/shop/values-staging.yaml')).toBe('helm-values');
    expect(kinds.get('charts/shop/templates/ingress.yaml')).toBe('helm-template');
    expect(kinds.get('argocd/shop-prod.yaml')).toBe('gitops');
  });

  test('the README names every rule', () => {
    const readme = text('README.md');
    expect(RULES.map((r) => r.id).filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});

describe('examples/ changed by a pull request', () => {
  const TEMPLATE = 'charts/shop/templates/web-deployment.yaml';
  const CHART = 'charts/shop/Chart.yaml';
  const edited = text(TEMPLATE).replace('      serviceAccountName: shop-web\n', '      serviceAccountName: shop-web\n      terminationGracePeriodSeconds: 45\n');

  test('a template edited while Chart.yaml keeps its version', async () => {
    expect(edited).not.toBe(text(TEMPLATE));
    const result = await analyze({ files: changeWith(modified(TEMPLATE, text(TEMPLATE), edited)) });
    const findings = result.findings.filter((f) => f.rule === 'chart-version-not-bumped');
    expect(findings.map((f) => f.file)).toEqual([TEMPLATE]);
    expect(findings[0]!.message).toContain('its Chart.yaml version is still 0.7.3');
  });

  test('the same edit with a version bump is fine', async () => {
    const bumped = text(CHART).replace('version: 0.7.3', 'version: 0.7.4');
    const result = await analyze({ files: changeWith(modified(TEMPLATE, text(TEMPLATE), edited), modified(CHART, text(CHART), bumped)) });
    expect(rulesOf(result).has('chart-version-not-bumped')).toBe(false);
  });

  test('every change-based rule is covered here', () => {
    expect(CHANGE_BASED.every((id) => RULES.some((r) => r.id === id))).toBe(true);
  });
});
