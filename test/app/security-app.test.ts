/**
 * Security through the real handlers (issue 13).
 * `/antipattern recheck` is open to everyone, so it is rate-limited: one review per pull
 * request, head and minute; every comment still gets its one answer (issue 13, item 8).
 */
import { describe, expect, test } from '@jest/globals';
import { createApp } from '../../src/app/app.js';
import { RECHECK_WINDOW_MS } from '../../src/app/worker.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { CommandMock, CommandsGitHub, issueCommentEvent } from './helpers/commands.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

describe('recheck is rate-limited', () => {
  test('two rechecks within a minute give two answers and one review; a third a minute later reviews again', async () => {
    let now = 100 * RECHECK_WINDOW_MS;
    const fake = new CommandsGitHub();
    fake.config = onlyRules(TWO_RULES);
    const pull = fake.addPull({ number: 3, base: { 'README.md': '# x\n' }, head: { 'README.md': '# x\n', 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
    const probot = await testProbot(createApp({ clock: () => now }));
    new GitHubMock(fake).standardReview(3);
    await probot.receive(pullRequestEvent('opened', fake, pull));

    const ask = async (user: string) => {
      const said = fake.say(3, '/antipattern recheck', user);
      await probot.receive(issueCommentEvent(fake, 3, said));
    };
    new CommandMock(new GitHubMock(fake)).state().ack('issues').replyInConversation(3).recheck(3);
    await ask('passer-by');
    now += 10_000;
    // Answered, but joined to the recheck of this minute: no GET of the pull request's review again.
    new CommandMock(new GitHubMock(fake)).state().ack('issues').replyInConversation(3).mock.expect('GET', `/repos/${fake.owner}/${fake.repo}/pulls/3`);
    await ask('someone-else');
    expect(fake.checkRuns).toHaveLength(2);
    expect(fake.conversation.filter((c) => c.mine)).toHaveLength(2);

    now += RECHECK_WINDOW_MS;
    new CommandMock(new GitHubMock(fake)).state().ack('issues').replyInConversation(3).recheck(3);
    await ask('passer-by');
    expect(fake.checkRuns).toHaveLength(3);
    expect(fake.checkRuns.every((r) => r.status === 'completed')).toBe(true);
  });
});

describe('hostile file names', () => {
  test('a text file named like a profiler mark, or with a newline, is reviewed like any other; the check completes', async () => {
    const fake = new CommandsGitHub();
    const head = { 'README.md': '# x\n', 'notes/a::end.txt': 'password = "hunter2hunter2"\n', 'notes/line\nbreak.txt': 'hello\n', 'deploy/web.yaml': deployment('web', 'nginx:latest') };
    const pull = fake.addPull({ number: 4, base: { 'README.md': '# x\n' }, head });
    const probot = await testProbot();
    new GitHubMock(fake).standardReview(4);
    await probot.receive(pullRequestEvent('opened', fake, pull));
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]!.output.summary).not.toContain('could not finish');
  });
});
