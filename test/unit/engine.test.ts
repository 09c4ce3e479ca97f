/** The engine's stages around the rules: diff filter, suppression, config, bad input. */
import { describe, expect, test } from '@jest/globals';
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { added, context, modified } from '../helpers/change.js';
import { COMPLETE, workload } from '../helpers/manifests.js';
import type { Rule } from '../../src/engine/rule.js';
import { RULES } from '../../src/engine/registry.js';

// The engine's stages are tested with the first nine rules, so rules added later cannot change these cases.
const CORE_IDS = new Set(['image-latest-tag', 'missing-memory-limit', 'missing-memory-request', 'missing-cpu-request', 'missing-cpu-limit',
  'requests-exceed-limits', 'missing-readiness-probe', 'missing-liveness-probe', 'same-liveness-readiness']);
const CORE = RULES.filter((r) => CORE_IDS.has(r.id));
const run = (change: Parameters<typeof analyze>[0], config = DEFAULT_CONFIG) => analyze(change, config, { rules: CORE });

const twoContainers = (secondBody: string[]): string => workload('Deployment', [{ name: 'api', body: COMPLETE }, { name: 'sidecar', body: secondBody }]);

describe('diff filter', () => {
  test('a modified file reports only the container whose block changed', async () => {
    const base = workload('Deployment', [{ name: 'api' }, { name: 'sidecar', body: COMPLETE }]);
    const head = workload('Deployment', [{ name: 'api' }, { name: 'sidecar', body: COMPLETE.map((l) => l.replace('500m', '600m')) }]);
    const result = await run({ files: [modified('k8s/a.yaml', base, head)] });
    const onDiff = result.findings.filter((f) => f.onDiff);
    // api lacks everything but was not touched; the sidecar was touched and is complete.
    expect(result.findings.some((f) => f.message.includes('container api'))).toBe(true);
    expect(onDiff).toEqual([]);
  });

  test('touching one line of a container block reports its absent things, moved into the hunk', async () => {
    const base = twoContainers(['resources: {}']);
    const head = twoContainers(['resources: {}', 'ports:', '  - containerPort: 9000']);
    const file = modified('k8s/a.yaml', base, head);
    const result = await run({ files: [file] });
    const limit = result.findings.find((f) => f.rule === 'missing-memory-limit' && f.onDiff)!;
    expect(limit.message).toContain('container sidecar');
    expect(limit.line).toBe(26);

    expect(limit.commentLine).toBeDefined();
    const hunks = file.hunks!;
    expect(hunks.some(([s, e]) => s <= limit.commentLine! && limit.commentLine! <= e)).toBe(true);
  });

  test('an anchor outside every hunk moves to the nearest changed line of its span', async () => {
    const filler = Array.from({ length: 10 }, (_, i) => `  - containerPort: ${8000 + i}`);
    const base = workload('Deployment', [{ name: 'big', body: ['ports:', ...filler] }]);
    const head = workload('Deployment', [{ name: 'big', body: ['ports:', ...filler, '  - containerPort: 9999'] }]);
    const result = await run({ files: [modified('k8s/a.yaml', base, head)] });
    const finding = result.findings.find((f) => f.rule === 'missing-memory-limit')!;
    expect(finding.onDiff).toBe(true);
    expect(finding.line).toBe(9);
    expect(finding.commentLine).toBe(22);
  });

  test('added files are wholly changed; removed files are not reviewed; a pure rename has no changed lines', async () => {
    const text = workload('Deployment', [{ name: 'api', image: 'api:latest', body: COMPLETE }]);
    const result = await run({
      files: [
        added('k8s/new.yaml', text),
        { path: 'k8s/gone.yaml', status: 'removed', changedLines: new Set() },
        { path: 'k8s/renamed.yaml', previousPath: 'k8s/old.yaml', status: 'renamed', text, baseText: text, changedLines: new Set(), hunks: [] },
      ],
    });
    const latest = result.findings.filter((f) => f.rule === 'image-latest-tag');
    expect(latest.map((f) => [f.file, f.onDiff])).toEqual([['k8s/new.yaml', true], ['k8s/renamed.yaml', false]]);
    expect(result.files.find((f) => f.path === 'k8s/gone.yaml')).toMatchObject({ status: 'skipped' });
  });

  test('context files are read but never reported on', async () => {
    const result = await run({ files: [context('k8s/other.yaml', workload('Pod', [{ image: 'x:latest' }]))] });
    expect(result.findings).toEqual([]);
    expect(result.files).toEqual([]);
  });
});

describe('suppression', () => {
  test('a comment on the line or the line above, with its reason', async () => {
    const text = workload('Pod', [{ image: 'app:latest # k8s-antipatterns-ignore: image-latest-tag -- pinned by Flux image automation', body: COMPLETE }]);
    const [finding] = (await run({ files: [added('k8s/a.yaml', text)] })).findings.filter((f) => f.rule === 'image-latest-tag');
    expect(finding!.suppressed).toEqual({ by: 'comment', reason: 'pinned by Flux image automation' });
  });

  test('a comment above the container silences its absent-thing findings, only for the listed rules', async () => {
    const text = workload('Pod', [{ name: 'api' }]).replace('  containers:\n', '  containers:\n    # k8s-antipatterns-ignore: missing-memory-limit,missing-cpu-limit -- batch tool\n');
    const findings = (await run({ files: [added('k8s/a.yaml', text)] })).findings;
    expect(findings.find((f) => f.rule === 'missing-memory-limit')!.suppressed?.by).toBe('comment');
    expect(findings.find((f) => f.rule === 'missing-cpu-limit')!.suppressed?.by).toBe('comment');
    expect(findings.find((f) => f.rule === 'missing-memory-request')!.suppressed).toBeUndefined();
  });

  test('the annotation on the object', async () => {
    const text = workload('Pod', [{ name: 'api' }]).replace('  name: web\n', '  name: web\n  annotations:\n    k8s-antipatterns.io/ignore: "missing-liveness-probe, missing-readiness-probe"\n');
    const findings = (await run({ files: [added('k8s/a.yaml', text)] })).findings;
    expect(findings.find((f) => f.rule === 'missing-liveness-probe')!.suppressed?.by).toBe('annotation');
    expect(findings.find((f) => f.rule === 'missing-memory-limit')!.suppressed).toBeUndefined();
  });
});

describe('config', () => {
  test('rules can be switched off or re-graded; ignore_paths skips files', async () => {
    const files = [added('k8s/a.yaml', workload('Pod', [{ image: 'app:latest' }])), added('vendor/b.yaml', workload('Pod', [{ image: 'app:latest' }]))];
    const result = await run({ files }, { ...DEFAULT_CONFIG, rules: { 'missing-cpu-limit': 'off', 'image-latest-tag': 'warning' }, ignore_paths: ['vendor/**'] });
    expect(result.findings.some((f) => f.rule === 'missing-cpu-limit')).toBe(false);
    expect(result.findings.find((f) => f.rule === 'image-latest-tag')!.severity).toBe('warning');
    expect(result.findings.every((f) => f.file === 'k8s/a.yaml')).toBe(true);
    expect(result.files.find((f) => f.path === 'vendor/b.yaml')).toMatchObject({ status: 'skipped', reason: 'matches ignore_paths' });
  });
});

describe('bad input', () => {
  test('a broken file is an error with its line; the other files are still reviewed', async () => {
    const result = await run({ files: [added('k8s/broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n'), added('k8s/ok.yaml', workload('Pod', [{ image: 'a:latest' }]))] });
    expect(result.files.find((f) => f.path === 'k8s/broken.yaml')).toMatchObject({ status: 'error', reason: expect.stringMatching(/line \d+/) });
    expect(result.findings.find((f) => f.rule === 'parse-error')).toMatchObject({ file: 'k8s/broken.yaml', severity: 'warning' });
    expect(result.findings.some((f) => f.rule === 'image-latest-tag' && f.file === 'k8s/ok.yaml')).toBe(true);
  });

  test('binary and oversized files are skipped with a reason', async () => {
    const result = await run({ files: [added('k8s/bin.yaml', 'a\u0000b'), added('k8s/huge.yaml', 'a: b\n'.repeat(300_000))] });
    expect(result.files.map((f) => f.reason)).toEqual(['binary file', 'larger than 1 MiB']);
  });

  test('a rule that throws becomes an internal-error finding and the run goes on', async () => {
    const broken = { ...CORE.find((r) => r.id === 'image-latest-tag')!, check: () => { throw new Error('boom'); } } as Rule;
    const result = await analyze({ files: [added('k8s/a.yaml', workload('Pod', [{}]))] }, DEFAULT_CONFIG, { rules: [broken, ...CORE.filter((r) => r.id !== 'image-latest-tag')] });
    expect(result.findings.find((f) => f.rule === 'internal-error')!.message).toContain('boom');
    expect(result.findings.some((f) => f.rule === 'missing-memory-limit')).toBe(true);
  });
});

describe('fingerprints', () => {
  test('survive edits above the finding and differ between containers', async () => {
    const text = workload('Deployment', [{ name: 'a' }, { name: 'b' }]);
    const first = (await run({ files: [added('k8s/x.yaml', text)] })).findings.filter((f) => f.rule === 'missing-memory-limit');
    const second = (await run({ files: [added('k8s/x.yaml', '# a comment\n\n' + text)] })).findings.filter((f) => f.rule === 'missing-memory-limit');
    expect(first.map((f) => f.fingerprint)).toEqual(second.map((f) => f.fingerprint));
    expect(first[0]!.line + 2).toBe(second[0]!.line);
    expect(new Set(first.map((f) => f.fingerprint)).size).toBe(2);
  });
});
