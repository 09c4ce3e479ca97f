/**
 * Large manifests are read in windows of documents (src/engine/document-windows.ts). A window
 * must change nothing: every test here reviews the same change read whole and read with windows
 * of one document each (windowBytes 1), and expects the same result, byte for byte.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/engine/analyze.js';
import { documentWindows } from '../../src/engine/document-windows.js';
import { parseFile } from '../../src/engine/parsed-file.js';
import { crossFile, defineRule } from '../../src/engine/rule.js';
import { RULES } from '../../src/engine/registry.js';
import { pack, unpackFindings, gatheredFor } from '../../src/engine/packed.js';
import type { Change, ChangedFile, Finding, Result } from '../../src/model/types.js';
import { generateManifests } from '../../bench/generate.js';
import { added, context } from '../helpers/change.js';
import { COMPLETE, service, workload } from '../helpers/manifests.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WHOLE = Number.MAX_SAFE_INTEGER;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

async function bothWays(change: Change, rules = RULES): Promise<{ whole: Result; windowed: Result }> {
  const whole = await analyze(change, undefined, { windowBytes: WHOLE, rules });
  const windowed = await analyze(change, undefined, { windowBytes: 1, rules });
  return { whole, windowed };
}

// Assembled at run time, as the rule's own examples do, so that this file holds no credential-shaped text.
const FAKE_KEY_ID = ['AKIA', 'Q3HX7TBN', '2WZL5KFD'].join('');

/** One manifest that exercises what a window could get wrong, document by document. */
const MIXED = [
  `# a stray credential between documents: ${FAKE_KEY_ID}`,
  workload('Deployment', [{ image: 'web:latest' }], { name: 'web' }).trimEnd(),
  '---',
  workload('Deployment', [{ image: 'api:latest', body: COMPLETE }], { name: 'api' }).trimEnd()
    .replace('    image: api:latest', '    # k8s-antipatterns-ignore: image-latest-tag -- pinned by the release job\n          image: api:latest'),
  '---',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  DATABASE_PASSWORD: hunter22\n  LOG_LEVEL: info',
  '---',
  'key: [unclosed',
  '---',
  // The same object twice: identical findings are numbered in document order.
  workload('Deployment', [{ image: 'web:latest' }], { name: 'web' }).trimEnd(),
  '---',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: quiet\n  annotations:\n    k8s-antipatterns.io/ignore: "image-latest-tag,missing-cpu-limit"\nspec:\n  template:\n    spec:\n      containers:\n        - name: quiet\n          image: quiet:latest',
  '---',
  workload('Pod', [{ image: 'pod:1.0.0' }], { name: 'bare', podLines: [] }).replace('metadata:\n  name: bare', 'metadata:\n  name: bare\n  labels:\n    app: web').trimEnd(),
  '---',
  service('app: web').trimEnd(),
  '---',
  'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: edge\n    spec:\n      type: NodePort\n      ports:\n        - port: 80',
  '---',
  'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false',
  '',
].join('\n');

describe('windows of documents find what the whole file finds', () => {
  test('a manifest with comments, a broken document, suppressions, duplicates, a List and cross-file facts', async () => {
    const { whole, windowed } = await bothWays({ files: [added('deploy/all.yaml', MIXED)] });
    expect(JSON.stringify(windowed)).toBe(JSON.stringify(whole));
    // The case is worth comparing: it has findings of every sort a window could lose or double.
    const rules = new Set(whole.findings.map((f) => f.rule));
    for (const rule of ['hardcoded-credential', 'image-latest-tag', 'parse-error', 'nodeport-service', 'secret-in-configmap']) expect(rules).toContain(rule);
    expect(whole.findings.some((f) => f.suppressed?.by === 'comment')).toBe(true);
    expect(whole.findings.some((f) => f.suppressed?.by === 'annotation')).toBe(true);
    expect(whole.findings.some((f) => /-2$/.test(f.fingerprint))).toBe(true);
    expect(whole.files).toEqual([{ path: 'deploy/all.yaml', kind: 'manifest', status: 'analyzed' }]);
  });

  test('examples/ and the shared corpus when present, every file new, and each edited among the others', async () => {
    const roots = [join(ROOT, 'examples'), join(ROOT, '..', 'shared', 'corpus', 'kubernetes-examples')].filter((dir) => {
      try {
        return readdirSync(dir).length > 0;
      } catch {
        return false;
      }
    });
    for (const dir of roots) {
      const files = walk(dir).map((f) => ({ path: relative(dir, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }))
        .filter((f) => !f.text.includes('\u0000'));
      const { whole, windowed } = await bothWays({ files: files.map((f) => added(f.path, f.text)) });
      expect(whole.findings.length).toBeGreaterThan(50);
      expect(JSON.stringify(windowed)).toBe(JSON.stringify(whole));
    }
    const examples = walk(join(ROOT, 'examples')).map((f) => ({ path: relative(join(ROOT, 'examples'), f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));
    for (const edited of examples.filter((f) => f.path.endsWith('.yaml'))) {
      const files = examples.map((f): ChangedFile => (f === edited ? added(f.path, f.text) : context(f.path, f.text)));
      const { whole, windowed } = await bothWays({ files });
      expect(JSON.stringify(windowed)).toBe(JSON.stringify(whole));
    }
  });

  test('generated manifests of 400 KB, and the default window size finds the same', async () => {
    const files = generateManifests(400_000, 200_000).map((f) => added(`generated/${f.path}`, f.text));
    const { whole, windowed } = await bothWays({ files });
    expect(whole.findings.length).toBeGreaterThan(500);
    expect(JSON.stringify(windowed)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(await analyze({ files }))).toBe(JSON.stringify(whole));
  });

  test('a manifest whose documents are all broken is an error, as when read whole', async () => {
    const { whole, windowed } = await bothWays({ files: [added('deploy/broken.yaml', 'apiVersion: v1\nkind: [\n---\napiVersion: v1\nkind: {\n')] });
    expect(windowed).toEqual(whole);
    expect(whole.files[0]).toMatchObject({ status: 'error' });
  });

  test('a rule that fails on several windows is one internal error; a rule that parses by itself reports one parse error', async () => {
    const docs = RULES.find((r) => r.id === 'image-latest-tag')!.docs;
    const failing = defineRule({
      id: 'image-latest-tag', antipattern: 1, severity: 'error', kinds: ['manifest'], docs,
      check() {
        throw new Error('boom');
      },
    });
    const parsing = defineRule({
      id: 'pod-host-coupling', antipattern: 3, severity: 'warning', kinds: ['manifest'], docs,
      check(ctx) {
        ctx.reportParseError(1, 'cannot read this');
      },
    });
    const text = [1, 2, 3].map((i) => workload('Deployment', [{ image: `app:${i}.0.0` }], { name: `app-${i}` })).join('---\n');
    const { whole, windowed } = await bothWays({ files: [added('deploy/apps.yaml', text)] }, [failing, parsing]);
    expect(windowed).toEqual(whole);
    expect(whole.findings.map((f) => f.rule).sort()).toEqual(['internal-error', 'parse-error']);
    expect(whole.files[0]).toMatchObject({ status: 'error', reason: 'cannot read this' });
  });
});

describe('documentWindows', () => {
  const source: ChangedFile = { path: 'deploy/all.yaml', status: 'added', changedLines: 'all' };

  test('owns every line once, and holds the objects the whole file holds, in order', () => {
    const windows = [...documentWindows(source, MIXED, 1)];
    expect(windows.length).toBeGreaterThan(8);
    const lines = MIXED.split('\n').length;
    let next = 1;
    for (const w of windows) {
      expect(w.window![0]).toBe(next);
      expect(w.window![1]).toBeGreaterThanOrEqual(w.window![0]);
      next = w.window![1] + 1;
    }
    expect(next).toBe(lines + 1);
    const key = (o: { kind: string; name: string; span: [number, number] }): string => `${o.kind}/${o.name}@${o.span.join('-')}`;
    expect(windows.flatMap((w) => w.objects.map(key))).toEqual(parseFile(source, 'manifest', MIXED).objects.map(key));
    expect(windows.flatMap((w) => w.yaml!.broken ?? [])).toEqual(parseFile(source, 'manifest', MIXED).yaml!.broken);
  });

  test('yields nothing for a file better read whole: no document that parses, or too deep', () => {
    expect([...documentWindows(source, 'a: [\n---\nb: {\n', 1)]).toEqual([]);
    expect([...documentWindows(source, '', 1)]).toEqual([]);
    expect([...documentWindows(source, `${'['.repeat(500)}${']'.repeat(500)}\n`, 1)]).toEqual([]);
  });

  test('groups documents up to the window size', () => {
    const text = generateManifests(300_000, 300_000)[0]!.text;
    const windows = [...documentWindows(source, text, 64 * 1024)];
    expect(windows.length).toBeGreaterThanOrEqual(4);
    expect(windows.length).toBeLessThanOrEqual(6);
  });
});

describe('packed outcomes', () => {
  const finding = (i: number): Finding => ({
    rule: 'image-latest-tag', antipattern: 1, severity: 'error', file: 'deploy/app.yaml', line: i + 1, endLine: i + 1, span: [i + 1, i + 1],
    message: `Container ${i} uses the latest tag.`, fingerprint: `f${i}`,
  });
  const outcome = (count: number) => ({
    findings: Array.from({ length: count }, (_, i) => finding(i)), gathered: [[3, Array.from({ length: count }, (_, i) => ({ i }))]] as Array<[number, unknown[]]>, tentative: [] as Array<[number, Finding[]]>,
    readable: true, parseError: false,
    head: { path: 'deploy/app.yaml', kind: 'manifest' as const, reviewed: true, line: 1, endLine: 1, span: [1, 1] as [number, number], objectKey: '', anchorText: '', placement: { onDiff: true } as never },
  });

  test.each([0, 3, 5000])('%i findings come back as they went, large packs deflated', (count) => {
    const original = outcome(count);
    const packed = pack(structuredClone(original));
    expect(unpackFindings(packed)).toEqual(original.findings);
    expect(gatheredFor(packed, 3)).toEqual(original.gathered[0]![1]);
    if (count === 5000) expect(packed.packed.length * 5).toBeLessThan(JSON.stringify(original.findings).length);
  });
});

describe('findings a cross-file rule reports in gather', () => {
  const docs = RULES.find((r) => r.id === 'automount-sa-token')!.docs;
  /** Reports every Pod, unless some file holds a ConfigMap named `quiet` (or finish fails). */
  const proposing = (fail: boolean) => defineRule({
    id: 'automount-sa-token', antipattern: 3, severity: 'hint', kinds: ['manifest'], docs,
    crossFile: crossFile<{ quiet: true }>({
      kinds: ['manifest'],
      gather(ctx, collect) {
        for (const o of ctx.objects()) {
          if (o.kind === 'ConfigMap' && o.name === 'quiet') collect({ quiet: true });
          if (o.kind === 'Pod') ctx.report(o.span[0], `Pod ${o.name}`);
        }
      },
      finish(ctx) {
        if (fail) throw new Error('no verdict');
        if (ctx.collected.length > 0) ctx.withdraw();
      },
    }),
  });
  const pods = [1, 2].map((i) => workload('Pod', [{ image: `app:${i}.0.0` }], { name: `pod-${i}` })).join('---\n');
  const quiet = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quiet\n';

  test('stand, in the file they were reported on, unless finish withdraws them', async () => {
    const standing = await analyze({ files: [added('deploy/pods.yaml', pods)] }, undefined, { rules: [proposing(false)] });
    expect(standing.findings.map((f) => [f.file, f.line, f.message])).toEqual([['deploy/pods.yaml', 1, 'Pod pod-1'], ['deploy/pods.yaml', 10, 'Pod pod-2']]);
    const withdrawn = await analyze({ files: [added('deploy/pods.yaml', pods), context('deploy/quiet.yaml', quiet)] }, undefined, { rules: [proposing(false)] });
    expect(withdrawn.findings).toEqual([]);
  });

  test('are dropped when finish fails, which is an internal error instead', async () => {
    const failed = await analyze({ files: [added('deploy/pods.yaml', pods)] }, undefined, { rules: [proposing(true)] });
    expect(failed.findings.map((f) => f.rule)).toEqual(['internal-error']);
  });
});
