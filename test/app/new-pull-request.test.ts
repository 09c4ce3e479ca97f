import { fingerprintsIn } from '../../src/app/markers.js';
import { describe, expect, test } from '@jest/globals';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

function newPull(fake: FakeGitHub) {
  fake.config = onlyRules(TWO_RULES);
  return fake.addPull({
    number: 7,
    base: { 'README.md': '# deploy\n' },
    head: { 'README.md': '# deploy\n', 'deploy/web.yaml': deployment('web', 'nginx:latest'), 'docs/diagram.png': '\u0000PNG' },
  });
}

describe('a new pull request', () => {
  test('gets a completed check run and one review with a comment per finding', async () => {
    const fake = new FakeGitHub();
    const pull = newPull(fake);
    new GitHubMock(fake).standardReview(7);
    const probot = await testProbot();
    await probot.receive(pullRequestEvent('opened', fake, pull));

    expect(fake.checkRuns).toHaveLength(1);
    const run = fake.checkRuns[0]!;
    expect(run).toMatchObject({ name: 'Kubernetes anti-patterns', head_sha: pull.headSha, status: 'completed', conclusion: 'failure' });
    expect(run.output.title).toBe('2 errors');
    expect(run.output.summary).toContain('| 1. Deploying images by the latest tag | 1 | 0 | 0 |');
    expect(run.output.summary).toContain('Review posted with 2 inline comments.');
    expect(run.output.text).toContain('[`deploy/web.yaml` line 17](https://github.com/octo-org/deploy-configs/blob/');
    expect(run.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toEqual([
      ['deploy/web.yaml', 16, 'failure'],
      ['deploy/web.yaml', 17, 'failure'],
    ]);

    expect(fake.reviews).toHaveLength(1);
    const review = fake.reviews[0]!;
    expect(review).toMatchObject({ commit_id: pull.headSha, event: 'COMMENT' });
    expect(review.comments.map((c) => [c.path, c.line])).toEqual([['deploy/web.yaml', 16], ['deploy/web.yaml', 17]]);
    const latest = review.comments.find((c) => c.line === 17)!.body;
    expect(latest.startsWith('**Error** · `image-latest-tag` · Images must not use the latest tag')).toBe(true);
    expect(latest).toContain('**Fix:**');
    expect(latest).toContain('Why? /antipattern explain image-latest-tag\n\n<!-- k8s-antipatterns:v2 ');
    expect(fingerprintsIn(latest, { owner: fake.owner, repo: fake.repo, number: pull.number })).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
  });

  test('a redelivered webhook completes a new check run but repeats no comment and no review', async () => {
    const fake = new FakeGitHub();
    const pull = newPull(fake);
    const probot = await testProbot();
    const event = pullRequestEvent('opened', fake, pull);
    new GitHubMock(fake).standardReview(7);
    await probot.receive(event);
    // The same delivery again (a redelivery, a retrying proxy): it joins the review of that head, which is done.
    await probot.receive(event);
    // A restarted process has no memory of it: it reviews again, and GitHub's markers keep it from posting twice.
    new GitHubMock(fake).standardReview(7, { review: false });
    await (await testProbot()).receive(event);

    expect(fake.reviews).toHaveLength(1);
    expect(fake.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure'], ['completed', 'failure']]);
    expect(fake.checkRuns[1]!.output.summary).toContain('This commit was reviewed before: no second review.');
  });

  test('two events for the same head at once are one review job: one check run, one comment per finding', async () => {
    const fake = new FakeGitHub();
    const pull = newPull(fake);
    const probot = await testProbot();
    new GitHubMock(fake).standardReview(7);
    await Promise.all([probot.receive(pullRequestEvent('opened', fake, pull)), probot.receive(pullRequestEvent('reopened', fake, pull))]);

    expect(fake.reviews).toHaveLength(1);
    expect(fake.threads).toHaveLength(2);
    expect(fake.checkRuns.map((r) => r.status)).toEqual(['completed']);
  });

  test('a pull request with no file any rule reads gets a passing "nothing to review" run and no review', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(TWO_RULES);
    const pull = fake.addPull({ number: 8, base: { 'README.md': 'a\n' }, head: { 'README.md': 'b\n', 'logo.png': '\u0000' } });
    const mock = new GitHubMock(fake).token().startCheck().config().files(8).graphql('ReviewState').updateCheck();
    const probot = await testProbot();
    await probot.receive(pullRequestEvent('opened', fake, pull));

    expect(mock.fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'Nothing to review' } });
    expect(fake.reviews).toHaveLength(0);
  });
});
