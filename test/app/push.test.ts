import { describe, expect, test } from '@jest/globals';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

async function reviewedPull() {
  const fake = new FakeGitHub();
  fake.config = onlyRules(TWO_RULES);
  const base = { 'README.md': '# deploy\n' };
  const pull = fake.addPull({ number: 3, base, head: { ...base, 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
  const probot = await testProbot();
  new GitHubMock(fake).standardReview(3);
  await probot.receive(pullRequestEvent('opened', fake, pull));
  expect(fake.threads.map((t) => t.line)).toEqual([16, 17]);
  return { fake, pull, probot, base };
}

describe('a push to a reviewed pull request', () => {
  test('resolves the thread of the fixed finding, comments the new one, repeats nothing', async () => {
    const { fake, pull, probot, base } = await reviewedPull();
    // Fix the latest tag of web; add a worker that has limits but uses latest.
    fake.push(3, { ...base, 'deploy/web.yaml': deployment('web', 'nginx:1.27.2'), 'deploy/worker.yaml': deployment('worker', 'busybox:latest', { memoryLimit: true }) });
    new GitHubMock(fake).standardReview(3, { token: false }).graphql('ResolveThreads');
    await probot.receive(pullRequestEvent('synchronize', fake, pull));

    expect(fake.reviews).toHaveLength(2);
    const second = fake.reviews[1]!;
    expect(second.commit_id).toBe(pull.headSha);
    expect(second.comments.map((c) => [c.path, c.line])).toEqual([['deploy/worker.yaml', 17]]);
    expect(second.comments[0]!.body).toContain('`image-latest-tag`');
    // The memory-limit finding of web survived the push: its thread stays open and is not repeated.
    const web = fake.threads.filter((t) => t.path === 'deploy/web.yaml');
    expect(web.map((t) => [t.line, t.isResolved])).toEqual([[16, false], [17, true]]);
    const run = fake.checkRuns[1]!;
    expect(run.output.summary).toContain('Review posted with 1 inline comment.');
    expect(run.output.summary).toContain('1 earlier comment resolved: the finding is gone.');
  });

  test('keeps a thread open when a person replied to it', async () => {
    const { fake, pull, probot, base } = await reviewedPull();
    fake.threads.find((t) => t.line === 17)!.comments.push({ body: 'We pin it in the next release.', mine: false });
    fake.push(3, { ...base, 'deploy/web.yaml': deployment('web', 'nginx:1.27.2') });
    new GitHubMock(fake).standardReview(3, { token: false, review: false });
    await probot.receive(pullRequestEvent('synchronize', fake, pull));

    expect(fake.reviews).toHaveLength(1);
    expect(fake.threads.map((t) => t.isResolved)).toEqual([false, false]);
  });

  test('resolves threads on a file the pull request no longer changes', async () => {
    const { fake, pull, probot, base } = await reviewedPull();
    fake.push(3, base);
    new GitHubMock(fake).startCheck().config().files(3).graphql('ReviewState').graphql('ResolveThreads').updateCheck();
    await probot.receive(pullRequestEvent('synchronize', fake, pull));

    expect(fake.threads.map((t) => t.isResolved)).toEqual([true, true]);
    expect(fake.checkRuns[1]).toMatchObject({ conclusion: 'success', output: { title: 'Nothing to review' } });
  });
});
