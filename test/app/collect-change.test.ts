import { describe, expect, test } from '@jest/globals';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { collectChange } from '../../src/github/collect-change.js';
import { fakeOctokit } from './helpers/fake-octokit.js';
import { deployment } from './helpers/manifests.js';

const repo = { owner: 'octo-org', repo: 'deploy-configs' };
const options = { everyTextFile: false, ignored: (p: string) => p.startsWith('vendor/') };

async function collect(fake: FakeGitHub, number: number) {
  const pull = fake.pull(number);
  return collectChange(fakeOctokit(fake), repo, { number, headSha: pull.headSha, baseSha: pull.baseSha, changedFiles: pull.files.length }, options);
}

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'chart/values.yaml': 'image:\n  tag: 1.0.0\n',
  'chart/README.md': '# web\n',
  'chart/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
  'chart/templates/deployment.yaml': deployment('web', 'nginx:1.0.0'),
};

describe('collecting a change from GitHub', () => {
  test('a changed chart template brings the rest of its chart as context', async () => {
    const fake = new FakeGitHub();
    fake.addPull({ number: 1, base: CHART, head: { ...CHART, 'chart/templates/deployment.yaml': deployment('web', 'nginx:latest') } });
    const collected = await collect(fake, 1);

    expect(collected.change.files.map((f) => [f.path, f.status])).toEqual([
      ['chart/templates/deployment.yaml', 'modified'],
      ['chart/Chart.yaml', 'unchanged'],
      ['chart/values.yaml', 'unchanged'],
      ['chart/templates/service.yaml', 'unchanged'],
    ]);
    expect(collected.treePaths).toContain('chart/Chart.yaml');
    const changed = collected.change.files[0]!;
    expect(changed.changedLines).toEqual(new Set([17]));
    expect(changed.baseText).toBe(CHART['chart/templates/deployment.yaml']);
    expect(collected.commentable).toEqual(new Set(['chart/templates/deployment.yaml']));
    // Files, then contents with folder listings, then the context: three requests.
    expect(fake.requests).toEqual(['GET /repos/octo-org/deploy-configs/pulls/1/files', 'POST /graphql', 'POST /graphql']);
  });

  test('manifests beside a changed one are context; other files are not', async () => {
    const fake = new FakeGitHub();
    const base = { 'deploy/a.yaml': deployment('a', 'nginx:1.0.0'), 'deploy/b.yaml': deployment('b', 'nginx:1.0.0'), 'deploy/notes.md': 'x\n' };
    fake.addPull({ number: 1, base, head: { ...base, 'deploy/a.yaml': deployment('a', 'nginx:2.0.0') } });
    const collected = await collect(fake, 1);
    expect(collected.change.files.map((f) => [f.path, f.status])).toEqual([['deploy/a.yaml', 'modified'], ['deploy/b.yaml', 'unchanged']]);
  });

  test('binary, oversized, removed, ignored and renamed files', async () => {
    const fake = new FakeGitHub();
    const base = { 'old/name.yaml': 'a: 1\n', 'gone.yaml': 'b: 2\n' };
    fake.addPull({
      number: 1, base, renames: { 'new/name.yaml': 'old/name.yaml' },
      head: { 'new/name.yaml': 'a: 1\n', 'tool.sh': '#!/bin/sh\n\u0000', 'big.yaml': `x: "${'y'.repeat(1024 * 1024)}"\n`, 'vendor/lib.yaml': 'c: 3\n', 'notes.md': 'n\n' },
    });
    const collected = await collect(fake, 1);
    const byPath = new Map(collected.change.files.map((f) => [f.path, f]));
    expect(byPath.get('tool.sh')).toMatchObject({ skipReason: 'binary file' });
    expect(byPath.get('big.yaml')).toMatchObject({ skipReason: 'larger than 1 MiB' });
    expect(byPath.get('new/name.yaml')).toMatchObject({ status: 'renamed', previousPath: 'old/name.yaml', changedLines: new Set() });
    expect(byPath.has('gone.yaml')).toBe(false);
    expect(collected.headPaths.has('gone.yaml')).toBe(false);
    expect(collected).toMatchObject({ ignored: 1, notRead: 1 });
  });

  test('a file GraphQL cuts short is read once more through the contents API', async () => {
    const fake = new FakeGitHub();
    fake.truncateAt = 100;
    const text = deployment('web', 'nginx:latest');
    fake.addPull({ number: 1, base: {}, head: { 'web.yaml': text } });
    const collected = await collect(fake, 1);
    expect(collected.change.files[0]).toMatchObject({ path: 'web.yaml', text, changedLines: 'all' });
    expect(fake.requests).toContain('GET /repos/octo-org/deploy-configs/contents/web.yaml');
  });
});

describe('the bytes one review reads are bounded', () => {
  test('files past the budget are skipped with the reason, by their size, and the rest is read', async () => {
    const fake = new FakeGitHub();
    const big = (name: string) => `${deployment(name, 'nginx:1.0.0')}${'# filler line\n'.repeat(200)}`;
    const head = { 'a/one.yaml': big('one'), 'b/two.yaml': big('two'), 'c/three.yaml': big('three') };
    fake.addPull({ number: 9, base: {}, head });
    const pull = fake.pull(9);
    const size = Buffer.byteLength(head['a/one.yaml']);
    const collected = await collectChange(fakeOctokit(fake), repo, { number: 9, headSha: pull.headSha, baseSha: pull.baseSha, changedFiles: 3 }, { ...options, maxBytes: size * 2 + 10 });

    const changed = collected.change.files.filter((f) => f.status !== 'unchanged');
    expect(changed.map((f) => [f.path, f.text !== undefined, f.skipReason])).toEqual([
      ['a/one.yaml', true, undefined],
      ['b/two.yaml', true, undefined],
      ['c/three.yaml', false, expect.stringMatching(/^not read: earlier files used up the \d+ MiB one review reads$/)],
    ]);
  });
});
