/**
 * The npm package as a user gets it: `npm pack` (of the built dist/), extracted, its main, bin and
 * exports present, and the main entry imported by node from a project outside this repository
 * (dependencies through a link to this repository's node_modules: no registry needed).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Manifest {
  name: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  engines: { node: string };
  files: string[];
}

let pkg: string;
let packed: string[];

beforeAll(() => {
  const dest = tempDir();
  // --ignore-scripts: `prepare` would rebuild; dist/ is built by npm ci (prepare) before the tests.
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info!.files.map((f) => f.path);
  execFileSync('tar', ['-xzf', join(dest, info!.filename), '-C', dest]);
  pkg = join(dest, 'package');
});

describe('the npm package', () => {
  test('main, types, bin and every export are files of the tarball; LICENSE is in it; tests are not', () => {
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as Manifest;
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    for (const target of targets) expect([target, existsSync(join(pkg, target))]).toEqual([target, true]);
    expect(packed).toContain('LICENSE');
    expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toContain('Copyright (c) k8s-antipatterns-bot contributors');
    expect(packed.some((p) => p.startsWith('dist/test/') || p.startsWith('test/') || p.startsWith('dist/bench/'))).toBe(false);
    expect(packed).toContain('docs/rules/image-latest-tag.md');
  });

  test('the main entry imports from another project and reviews a change', () => {
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "type": "module", "private": true }\n');
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(pkg, join(project, 'node_modules', 'k8s-antipatterns-bot'));
    // The package's own dependencies, as an install would provide them.
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const script = [
      "import { analyze, rules, explain, docsUrl, VERSION, parseConfig, KNOWN_RULE_IDS, toSarif } from 'k8s-antipatterns-bot';",
      "const text = 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\nspec:\\n  containers:\\n    - name: web\\n      image: nginx:latest\\n';",
      "const result = await analyze({ files: [{ path: 'pod.yaml', status: 'added', text, changedLines: 'all' }] }, parseConfig('fail_on: warning\\n', KNOWN_RULE_IDS));",
      'console.log(JSON.stringify({ rules: result.findings.map((f) => f.rule), count: rules.length, first: rules[0], explained: explain(\'image-latest-tag\')?.split(\'\\n\')[0], url: docsUrl(\'x\'), VERSION, sarif: toSarif(result.findings).version }));',
    ].join('\n');
    writeFileSync(join(project, 'use.mjs'), script);
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' }));
    expect(out.rules).toContain('image-latest-tag');
    expect(out.count).toBeGreaterThanOrEqual(50);
    expect(out.first).toEqual({ id: expect.any(String), antipattern: 1, severity: expect.any(String), kinds: expect.any(Array), title: expect.any(String), docsUrl: expect.stringMatching(/docs\/rules\/.+\.md$/) });
    expect(out.explained).toBe('## Images must not use the latest tag (`image-latest-tag`)');
    expect(out.VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(out.sarif).toBe('2.1.0');
    // The bin runs too.
    expect(execFileSync(process.execPath, [join(pkg, 'dist/src/cli/bin.js'), '--version'], { encoding: 'utf8' }).trim()).toBe(out.VERSION);
  });

  test('engines tells the truth: the runtime dependencies accept it (content-type declares >=22 without needing it)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
    expect(manifest.engines.node).toBe('^20.18.1 || >=22');
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } }> };
    // semver comes with npm's own tree (a dependency of several packages here).
    const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean };
    const refusing = (version: string) => Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && p.engines?.node && !semver.satisfies(version, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')} ${p.engines!.node}`);
    // Known: content-type 3 (under @octokit/request) declares >=22 but is plain ES2015 string parsing,
    // imported from ES modules: it runs on Node 20, as this test suite does.
    expect(refusing('20.18.1')).toEqual(['content-type >=22']);
    expect(refusing('22.0.0')).toEqual([]);
  });
});
