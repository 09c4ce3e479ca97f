/**
 * `npm run demo`: the real app server reviews a pull request whose head is examples/ and whose
 * base has a few of its files older or absent. Only what the pull request changes may be
 * commented on: examples/ is full of findings on lines this change leaves alone.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { structuredPatch } from 'diff';
import { runDemo, type DemoOutcome } from '../../src/demo/demo.js';
import { ADDED, demoPull } from '../../src/demo/pull-request.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const PULL = demoPull();

const CHANGED_FILES = [
  ['charts/shop/Chart.yaml', 'modified'],
  ['charts/shop/templates/secret.yaml', 'modified'],
  ['charts/shop/templates/worker-deployment.yaml', 'added'],
  ['charts/shop/values.yaml', 'modified'],
  ['deploy.sh', 'modified'],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Head-side lines the pull request adds or rewrites: the only lines the demo may comment on. */
function changedLines(path: string): Set<number> {
  const out = new Set<number>();
  for (const h of structuredPatch('a', 'b', PULL.base[path] ?? '', PULL.head[path] ?? '', '', '', { context: 0 }).hunks) {
    let line = h.newStart;
    for (const l of h.lines) {
      if (l.startsWith('+')) out.add(line++);
      else if (l.startsWith(' ')) line++;
    }
  }
  return out;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the demo pull request', () => {
  test('its head is examples/ as it is, every file, by paths relative to examples/', () => {
    const examples = Object.fromEntries(walk(EXAMPLES).map((f) => [relative(EXAMPLES, f).split(sep).join('/'), readFileSync(f, 'utf8')]));
    expect(PULL.head).toEqual(examples);
    expect(Object.keys(PULL.head)).toEqual(expect.arrayContaining(['README.md', '.github/workflows/deploy.yml', 'charts/shop/values.yaml']));
  });

  test('its base differs in a few files, each by a few lines, or by not having them', () => {
    const paths = [...new Set([...Object.keys(PULL.base), ...Object.keys(PULL.head)])].sort();
    const changed = paths.filter((p) => PULL.base[p] !== PULL.head[p]).map((p) => [p, p in PULL.base ? 'modified' : 'added']);
    expect(changed).toEqual(CHANGED_FILES);
    for (const path of ADDED) expect(PULL.base[path]).toBeUndefined();
    for (const [path, status] of CHANGED_FILES) if (status === 'modified') expect(changedLines(path!).size).toBeLessThanOrEqual(6);
  });
});

describe('npm run demo', () => {
  let out = '';
  let outcome: DemoOutcome;
  beforeAll(async () => {
    outcome = await runDemo((s) => void (out += s));
  });

  test('exits 0 and stops both servers it started', async () => {
    expect(outcome.code).toBe(0);
    expect(await refused(outcome.ports.app)).toBe(true);
    expect(await refused(outcome.ports.standIn)).toBe(true);
  });

  test('the app reviews it through the real server: one check run, one review', () => {
    expect(out).toContain('The app answered the webhook with 200.');
    expect(out).toMatch(/Check run "Kubernetes anti-patterns" on [0-9a-f]{7}: completed, conclusion failure/);
    expect(out).toContain('Review by the app (COMMENT)');
    for (const [path, status] of CHANGED_FILES) expect(out).toMatch(new RegExp(`^  ${path!.replace(/\./g, '\\.')} +${status} `, 'm'));
    expect(outcome.github.checkRuns).toHaveLength(1);
    expect(outcome.github.reviews).toHaveLength(1);
  });

  test('comments and annotations sit only on lines the pull request changed', () => {
    const { checkRuns, reviews } = outcome.github;
    const places = [
      ...reviews[0]!.comments.map((c) => ({ path: c.path, from: c.start_line ?? c.line, to: c.line })),
      ...checkRuns[0]!.annotations.map((a) => ({ path: String(a.path), from: Number(a.start_line), to: Number(a.end_line) })),
    ];
    expect(places.length).toBeGreaterThan(0);
    const off = places.filter((p) => {
      const changed = changedLines(p.path);
      for (let l = p.from; l <= p.to; l++) if (!changed.has(l)) return true;
      return false;
    });
    expect(off).toEqual([]);
  });

  test('a handful of comments show the representative findings', () => {
    const { comments } = outcome.github.reviews[0]!;
    expect(comments.length).toBeGreaterThanOrEqual(3);
    expect(comments.length).toBeLessThanOrEqual(10);
    const rules = new Set(comments.flatMap((c) => [...c.body.matchAll(/`([a-z0-9-]+)` · /g)].map((m) => m[1])));
    for (const rule of ['image-latest-tag', 'missing-memory-limit', 'missing-liveness-probe', 'plaintext-secret-manifest', 'imperative-kubectl']) expect(rules).toContain(rule);
    expect(out).toContain('┌ charts/shop/values.yaml, line 7:  tag: latest');
    expect(out).toContain('Why? /antipattern explain image-latest-tag');
  });

  test('prints what a person sees, sized for a terminal', () => {
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('/blob/');
    expect(out).toContain('▸ How to suppress a finding');
    expect(out).toMatch(/GitHub requests made by the app for this review: \d+ \(\d+ GraphQL\)\./);
    expect(out.split('\n').length).toBeLessThan(150);
  });
});
