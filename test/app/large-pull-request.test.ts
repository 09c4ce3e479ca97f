import { describe, expect, test } from '@jest/globals';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { deployment, onlyRules } from './helpers/manifests.js';

guardNetwork();

/** `files` manifests in folders of 100; every `every`-th one uses a latest tag. */
function bigPull(fake: FakeGitHub, files: number, every: number) {
  fake.config = onlyRules(['image-latest-tag']);
  const head: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    head[`deploy/d${Math.floor(i / 100)}/app-${i}.yaml`] = deployment(`app-${i}`, i % every === 0 ? 'nginx:latest' : 'nginx:1.27.2', { memoryLimit: true });
  }
  return fake.addPull({ number: 5, base: {}, head });
}

/** The budget for one review: 3 + ⌈files/100⌉ + ⌈relevant/50⌉ + ⌈annotations/50⌉, plus the review. */
function budget(files: number, relevant: number, annotations: number): number {
  return 3 + Math.ceil(files / 100) + Math.ceil(relevant / 50) + Math.ceil(annotations / 50) + 1;
}

describe('a large pull request', () => {
  test('300 files: three pages of files, annotations 50 per request, 20 comments and the rest in the check run', async () => {
    const fake = new FakeGitHub();
    const pull = bigPull(fake, 300, 1);
    new GitHubMock(fake).standardReview(5, { pages: 3, objects: 6, updates: 6 });
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    const run = fake.checkRuns[0]!;
    expect(run.annotations).toHaveLength(300);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '300 errors' } });
    const review = fake.reviews[0]!;
    expect(review.comments).toHaveLength(20);
    expect(review.body).toContain('280 more findings are listed in the [check run](');
  });

  // Requests per review (the installation token, cached by Probot for an hour, is not counted).
  test.each([
    // files, requests: check run, config, file pages, content queries, review state, review, check updates
    [10, 1 + 1 + 1 + 1 + 1 + 1 + 1],
    [300, 1 + 1 + 3 + 6 + 1 + 1 + 1],
    [3000, 1 + 1 + 30 + 60 + 1 + 1 + 6],
  ])('%i files cost the budgeted number of requests', async (files, expected) => {
    const fake = new FakeGitHub();
    const pull = bigPull(fake, files, 10);
    const annotations = Math.ceil(files / 10);
    new GitHubMock(fake).standardReview(5, { pages: Math.ceil(files / 100), objects: Math.ceil(files / 50), updates: Math.ceil(annotations / 50) });
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    const requests = fake.requests.filter((r) => !r.includes('/access_tokens'));
    expect(requests.length).toBe(expected);
    expect(requests.length).toBe(budget(files, files, annotations));
    expect(fake.reviews[0]!.comments).toHaveLength(Math.min(20, annotations));
  });

  test('more than 3,000 files: the first 3,000 are reviewed and the summary says so', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(['image-latest-tag']);
    const head: Record<string, string> = {};
    for (let i = 0; i < 3005; i++) head[`docs/page-${String(i).padStart(4, '0')}.md`] = `page ${i}\n`;
    const pull = fake.addPull({ number: 5, base: {}, head });
    new GitHubMock(fake).token().startCheck().config().files(5, 30).graphql('ReviewState').updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(fake.checkRuns[0]!.output.summary).toContain('GitHub lists at most 3,000 files of a pull request: 5 files of this one were not reviewed.');
  });
});
