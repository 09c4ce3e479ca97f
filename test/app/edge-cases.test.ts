import { fingerprintsIn } from '../../src/app/markers.js';
import { describe, expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { checkRunRerequested, GitHubMock, guardNetwork, INSTALLATION, pullRequestEvent, testProbot, waits } from './helpers/github.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

function latestPull(fake: FakeGitHub, options: { draft?: boolean; fork?: boolean; state?: 'open' | 'closed' } = {}) {
  fake.config = onlyRules(TWO_RULES);
  return fake.addPull({ number: 11, base: {}, head: { 'deploy/web.yaml': deployment('web', 'nginx:latest') }, ...options });
}

describe('what GitHub sends', () => {
  test('a file without a patch is diffed against the merge base; its findings go into the review body', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(TWO_RULES);
    const pull = fake.addPull({
      number: 11, base: { 'deploy/web.yaml': deployment('web', 'nginx:1.0.0') }, head: { 'deploy/web.yaml': deployment('web', 'nginx:latest') },
      withoutPatch: new Set(['deploy/web.yaml']),
    });
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).expect('GET', '/repos/octo-org/deploy-configs/compare/' + `${pull.baseSha}...${pull.headSha}`);
    mock.graphql('Objects').graphql('ReviewState').review(11).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('synchronize', fake, pull));

    const review = fake.reviews[0]!;
    expect(review.comments).toEqual([]);
    // GitHub showed no diff for the file, so no finding can be an inline comment.
    expect(review.body).toContain('`image-latest-tag` (Images must not use the latest tag) at [`deploy/web.yaml` line 17]');
    expect(fingerprintsIn(review.body, { owner: fake.owner, repo: fake.repo, number: 11 })).toHaveLength(2);
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
  });

  test('a 422 on the review posts the comments of the safest shape and moves the rest into the body', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(TWO_RULES);
    // Changing the image line puts the container's name line (the memory-limit anchor) in the hunk as context.
    const pull = fake.addPull({ number: 11, base: { 'deploy/web.yaml': deployment('web', 'nginx:1.0.0') }, head: { 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).graphql('Objects').graphql('ReviewState');
    mock.fail('POST', '/repos/octo-org/deploy-configs/pulls/11/reviews', 422).review(11).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('synchronize', fake, pull));

    const review = fake.reviews[0]!;
    expect(review.comments.map((c) => c.line)).toEqual([17]);
    expect(review.body).toContain('`missing-memory-limit`');
    expect(fake.checkRuns[0]!.output.summary).toContain('Review posted with 1 inline comment and 1 finding in its body.');
  });

  test('a fork pull request is found by head SHA when its check run is re-run', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake, { fork: true });
    new GitHubMock(fake).token().expect('GET', '/repos/octo-org/deploy-configs/pulls').standardReview(11, { token: false });
    await (await testProbot()).receive(checkRunRerequested(fake, pull.headSha));

    expect(fake.checkRuns[0]).toMatchObject({ head_sha: pull.headSha, status: 'completed', conclusion: 'failure' });
    expect(fake.reviews).toHaveLength(1);
  });

  test('a re-run of some other app\'s check run is not ours', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    await (await testProbot()).receive(checkRunRerequested(fake, pull.headSha, 'lint'));
    expect(fake.requests).toEqual([]);
  });

  test('check_suite.rerequested re-runs the pull requests it lists', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    const require = createRequire(import.meta.url);
    const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, any>> }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON fixture
    const payload = structuredClone(examples.find((e) => e.name === 'check_suite')!.examples.find((x) => x.action === 'rerequested')!);
    payload.installation = { id: INSTALLATION };
    payload.repository = { ...payload.repository, id: 4242, name: fake.repo, full_name: `${fake.owner}/${fake.repo}`, html_url: fake.htmlUrl, owner: { ...payload.repository.owner, login: fake.owner } };
    payload.check_suite.head_sha = pull.headSha;
    payload.check_suite.pull_requests = [{ ...payload.check_suite.pull_requests[0], number: 11, base: { ...payload.check_suite.pull_requests[0].base, repo: { id: 4242 } } }];
    new GitHubMock(fake).token().expect('GET', '/repos/octo-org/deploy-configs/pulls/11').standardReview(11, { token: false });
    await (await testProbot()).receive({ id: 'suite', name: 'check_suite', payload: payload as never });
    expect(fake.reviews).toHaveLength(1);
  });
});

describe('the pull request', () => {
  test('a draft gets its check run; inline comments wait for ready_for_review', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake, { draft: true });
    const probot = await testProbot();
    new GitHubMock(fake).standardReview(11, { review: false });
    await probot.receive(pullRequestEvent('opened', fake, pull));
    expect(fake.reviews).toHaveLength(0);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]!.output.summary).toContain('This pull request is a draft');

    pull.draft = false;
    new GitHubMock(fake).standardReview(11, { token: false });
    await probot.receive(pullRequestEvent('ready_for_review', fake, pull));
    expect(fake.reviews[0]!.comments).toHaveLength(2);
  });

  test('a draft is reviewed at once when the config says review_drafts', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake, { draft: true });
    fake.config = onlyRules(TWO_RULES, 'review_drafts: true\n');
    new GitHubMock(fake).standardReview(11);
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(fake.reviews).toHaveLength(1);
  });

  test('a closed pull request is ignored', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake, { state: 'closed' });
    const probot = await testProbot();
    await probot.receive(pullRequestEvent('closed', fake, pull));
    await probot.receive(pullRequestEvent('synchronize', fake, pull));
    expect(fake.requests).toEqual([]);
  });

  test('an invalid config completes the check run with the problem and how to fix it', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    fake.config = 'rules:\n  image-latest: off\n';
    new GitHubMock(fake).token().startCheck().config().updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    const run = fake.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'Invalid configuration: .github/k8s-antipatterns.yml' } });
    expect(run.output.summary).toContain('rules.image-latest: unknown rule id (did you mean "image-latest-tag"?)');
    expect(run.output.summary).toContain('Fix the file on the default branch');
    expect(fake.reviews).toHaveLength(0);
  });

  test('a config that is not YAML is reported the same way', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    fake.config = 'rules: [unclosed\n';
    new GitHubMock(fake).token().startCheck().config().updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'Invalid configuration: .github/k8s-antipatterns.yml' } });
    expect(fake.checkRuns[0]!.output.summary).toContain('invalid YAML');
  });

  test('a pull request that edits the config does not change its own review', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(TWO_RULES);
    const turnedOff = onlyRules(['missing-memory-limit']);
    const pull = fake.addPull({ number: 11, base: { '.github/k8s-antipatterns.yml': fake.config }, head: { '.github/k8s-antipatterns.yml': `${turnedOff}max_comments: many\n`, 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
    new GitHubMock(fake).standardReview(11);
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    expect(fake.reviews[0]!.comments.map((c) => c.body)).toEqual([expect.stringContaining('missing-memory-limit'), expect.stringContaining('image-latest-tag')]);
    const summary = fake.checkRuns[0]!.output.summary!;
    expect(summary).toContain("the review uses the default branch's version until it is merged");
    expect(summary).toContain('**The new version has a problem:** max_comments: must be a whole number from 0 to 100');
  });

  test('results for a head that moved during the run are not posted', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    const event = pullRequestEvent('opened', fake, pull);
    const oldHead = pull.headSha;
    const mock = new GitHubMock(fake).token().startCheck().config().files(11);
    // GitHub gets a push while the contents are read.
    mock.scope.post('/graphql', (body: { query?: string }) => /^query Objects/.test(body.query ?? '')).reply((uri, body) => {
      const reply = fake.handle('POST', uri, body);
      fake.push(11, { 'deploy/web.yaml': deployment('web', 'nginx:1.27.2') });
      return [reply.status, reply.body as Record<string, unknown>];
    });
    mock.graphql('ReviewState').updateCheck();
    await (await testProbot()).receive(event);

    expect(fake.reviews).toHaveLength(0);
    expect(fake.checkRuns[0]).toMatchObject({ head_sha: oldHead, status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]!.output.summary).toContain('A newer commit');
  });
});

describe('GitHub failing', () => {
  test('a 502 is retried after a wait, and the review goes on', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    new GitHubMock(fake).fail('GET', '/repos/octo-org/deploy-configs/pulls/11/files', 502).standardReview(11);
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(waits).toEqual([1000]);
    expect(fake.reviews).toHaveLength(1);
    expect(fake.checkRuns[0]!.conclusion).toBe('failure');
  });

  test('a server error on the review is checked before trying again, so it is never posted twice', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).graphql('Objects').graphql('ReviewState');
    mock.fail('POST', '/repos/octo-org/deploy-configs/pulls/11/reviews', 502).graphql('ReviewState').review(11).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(waits).toEqual([]);
    expect(fake.reviews).toHaveLength(1);
  });

  test('a secondary rate limit is retried after GitHub\'s retry-after', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    new GitHubMock(fake).fail('GET', '/repos/octo-org/deploy-configs/pulls/11/files', 403, 1, { 'retry-after': '7' }).standardReview(11);
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(waits).toEqual([7000]);
    expect(fake.reviews).toHaveLength(1);
  });

  test('a review refused for a rate limit is posted after GitHub\'s wait, although a review is never retried blindly', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).graphql('Objects').graphql('ReviewState');
    mock.fail('POST', '/repos/octo-org/deploy-configs/pulls/11/reviews', 403, 1, { 'retry-after': '7' }).review(11).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(waits).toEqual([7000]);
    expect(fake.reviews).toHaveLength(1);
    expect(fake.checkRuns[0]!.output.summary).toContain('Review posted with 2 inline comments.');
  });

  test('a review refused for longer than a job waits: the findings stay in the check run, which says when a Re-run posts them', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    // Warnings only: nothing fails the check, so the missing review makes it neutral.
    fake.config = onlyRules(TWO_RULES).replace(/: error$/gm, ': warning');
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).graphql('Objects').graphql('ReviewState');
    mock.fail('POST', '/repos/octo-org/deploy-configs/pulls/11/reviews', 403, 1, { 'retry-after': '1800' }).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    expect(waits).toEqual([]);
    expect(fake.reviews).toHaveLength(0);
    const run = fake.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: '2 warnings' } });
    expect(run.annotations).toHaveLength(2);
    expect(run.output.summary).toMatch(/\*\*The review could not be posted:\*\* GitHub's rate limit was reached \(GitHub answered 403 to POST \/repos\/octo-org\/deploy-configs\/pulls\/11\/reviews and asks to wait 30 min, until ((?:\d{4}-\d\d-\d\d )?\d\d:\d\d) UTC\)\. The findings are all in this check run\. Use \*\*Re-run\*\* on this check after \1 UTC to post the inline comments\./);
  });

  test('a check run whose creation answer is lost is found by its external id, not created twice', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    const mock = new GitHubMock(fake).token();
    mock.scope.post('/repos/octo-org/deploy-configs/check-runs').reply((uri, body) => {
      fake.handle('POST', uri, body);
      return [502, { message: 'Bad Gateway' }];
    });
    mock.expect('GET', `/repos/octo-org/deploy-configs/commits/${pull.headSha}/check-runs`);
    mock.config().files(11).graphql('Objects').graphql('ReviewState').review(11).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  test('annotations GitHub took before its answer was lost are not sent again', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(['image-latest-tag']);
    const head: Record<string, string> = {};
    for (let i = 0; i < 60; i++) head[`deploy/app-${i}.yaml`] = deployment(`app-${i}`, 'nginx:latest', { memoryLimit: true });
    const pull = fake.addPull({ number: 11, base: {}, head });
    const mock = new GitHubMock(fake).token().startCheck().config().files(11).graphql('Objects', 2).graphql('ReviewState').review(11);
    mock.scope.patch(/^\/repos\/octo-org\/deploy-configs\/check-runs\/\d+$/).reply((uri, body) => {
      fake.handle('PATCH', uri, body);
      return [502, { message: 'Bad Gateway' }];
    });
    mock.scope.get(/^\/repos\/octo-org\/deploy-configs\/check-runs\/\d+$/).reply((uri) => {
      const reply = fake.handle('GET', uri, null);
      return [reply.status, reply.body as Record<string, unknown>];
    });
    mock.updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
    expect(waits).toEqual([]);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]!.annotations).toHaveLength(60);
  });

  test('a run that still fails completes its check run as neutral, saying what failed', async () => {
    const fake = new FakeGitHub();
    const pull = latestPull(fake);
    new GitHubMock(fake).token().startCheck().config().fail('GET', '/repos/octo-org/deploy-configs/pulls/11/files', 500, 4).updateCheck();
    await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));

    expect(waits).toEqual([1000, 3000, 9000]);
    const run = fake.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'The review could not finish' } });
    expect(run.output.summary).toContain('GitHub answered 500');
    expect(run.output.summary).toContain('Re-run');
  });
});
