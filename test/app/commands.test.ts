import { describe, expect, test } from '@jest/globals';
import type { Probot } from 'probot';
import { ruleById } from '../../src/engine/registry.js';
import { explainRule } from '../../src/report/explain.js';
import { trailerOf } from '../../src/app/markers.js';
import type { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { BOT, CommandMock, CommandsGitHub, issueCommentEvent, reviewCommentEvent } from './helpers/commands.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

/** The waiver events a reply of the app records (its signed trailer). */
function waiverEvents(fake: FakeGitHub, body: string, number = 3) {
  return trailerOf(body, { owner: fake.owner, repo: fake.repo, number })?.waivers ?? [];
}

function repliesTo(fake: FakeGitHub, body: string, number = 3) {
  return trailerOf(body, { owner: fake.owner, repo: fake.repo, number })?.replyTo;
}

/** A reviewed pull request: comments on line 16 (missing-memory-limit) and 17 (image-latest-tag). */
async function reviewedPull() {
  const fake = new CommandsGitHub();
  fake.config = onlyRules(TWO_RULES);
  const base = { 'README.md': '# deploy\n' };
  const pull = fake.addPull({ number: 3, base, head: { ...base, 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
  const probot = await testProbot();
  new GitHubMock(fake).standardReview(3);
  await probot.receive(pullRequestEvent('opened', fake, pull));
  expect(fake.threads.map((t) => t.line)).toEqual([16, 17]);
  return { fake, pull, probot, base, memory: fake.threads[0]!, latest: fake.threads[1]! };
}

function commands(fake: CommandsGitHub) {
  return new CommandMock(new GitHubMock(fake));
}

async function sayInConversation(probot: Probot, fake: CommandsGitHub, body: string, user = 'octocat') {
  const said = fake.say(3, body, user);
  await probot.receive(issueCommentEvent(fake, 3, said));
  return said;
}

function lastReply(fake: CommandsGitHub): string {
  const mine = fake.conversation.filter((c) => c.mine);
  return mine[mine.length - 1]!.body;
}

describe('commands in the conversation', () => {
  test('help, explain (id, number, words, near miss) and list: one reply with every answer, eyes while working', async () => {
    const { fake, probot } = await reviewedPull();
    commands(fake).state().ack('issues').replyInConversation(3).mock.config();
    const said = await sayInConversation(probot, fake, [
      'Thanks! A few questions:',
      '/antipattern HELP',
      '/AntiPattern explain image-latest-tag',
      '/antipattern explain 10',
      '/antipattern explain probes',
      '/antipattern explain image-latest',
      '  /antipattern list',
      '/antipattern frobnicate now',
    ].join('\n'));

    const replies = fake.conversation.filter((c) => c.mine);
    expect(replies).toHaveLength(1);
    const reply = replies[0]!.body;
    expect(repliesTo(fake, reply)).toBe(said.id);
    expect(reply).toContain('### Commands');
    expect(reply).toContain(explainRule(ruleById('image-latest-tag')!));
    expect(reply).toContain('## Anti-pattern 10: Deploying without memory and CPU limits');
    expect(reply).toContain('Several rules match `probes`:');
    expect(reply).toMatch(/I know no rule or topic `image-latest`\. Did you mean `image-latest-tag`/);
    expect(reply).toContain('| `image-latest-tag` | 1 | error |');
    expect(reply).toMatch(/\| `missing-cpu-limit` \| 10 \| \*\*off\*\* \(default \w+\) \|/);
    expect(reply).toContain('I do not know the command `/antipattern frobnicate now`. The commands are listed above.');
    expect(fake.reactions).toEqual([{ id: expect.any(Number), comment: said.id, content: 'eyes', removed: true }]);
  });

  test('explain without a topic outside a thread asks what to explain; nothing else runs', async () => {
    const { fake, probot } = await reviewedPull();
    commands(fake).state().ack('issues').replyInConversation(3);
    await sayInConversation(probot, fake, '/antipattern explain');
    expect(lastReply(fake)).toContain('What should I explain?');
  });

  test('recheck is open to everyone and reviews the current head, even one whose webhook was missed', async () => {
    const { fake, probot, base } = await reviewedPull();
    fake.push(3, { ...base, 'deploy/web.yaml': deployment('web', 'nginx:latest'), 'deploy/worker.yaml': deployment('worker', 'busybox:latest', { memoryLimit: true }) });
    commands(fake).state().ack('issues').replyInConversation(3).recheck(3, { review: true });
    await sayInConversation(probot, fake, '/antipattern recheck', 'passer-by');

    expect(lastReply(fake)).toContain(`Reviewing the head commit \`${fake.pull(3).headSha.slice(0, 7)}\` again`);
    expect(fake.checkRuns).toHaveLength(2);
    expect(fake.checkRuns[1]).toMatchObject({ head_sha: fake.pull(3).headSha, status: 'completed', conclusion: 'failure' });
    expect(fake.reviews[1]!.comments.map((c) => [c.path, c.line])).toEqual([['deploy/worker.yaml', 17]]);
  });

  test('recheck on a closed pull request says so and runs nothing', async () => {
    const { fake, probot } = await reviewedPull();
    fake.pull(3).state = 'closed';
    commands(fake).state().ack('issues').replyInConversation(3);
    const said = fake.say(3, '/antipattern recheck', 'octocat');
    await probot.receive(issueCommentEvent(fake, 3, said, { state: 'closed' }));
    expect(lastReply(fake)).toContain('This pull request is closed');
    expect(fake.checkRuns).toHaveLength(1);
  });
});

describe('ignore and unignore', () => {
  test.each(['read', 'triage'])('a person with %s permission is refused politely and nothing is waived', async (role) => {
    const { fake, probot } = await reviewedPull();
    fake.roles.set('visitor', role);
    commands(fake).state().ack('issues').permission('visitor').replyInConversation(3);
    await sayInConversation(probot, fake, '/antipattern ignore image-latest-tag -- I like latest\n/antipattern unignore missing-memory-limit', 'visitor');

    const reply = lastReply(fake);
    expect(reply).toContain('Sorry @visitor, only people with write, maintain or admin permission on this repository can waive a rule.');
    expect(reply).toContain('can restore a rule');
    expect(waiverEvents(fake, reply)).toEqual([]);
    expect(fake.checkRuns).toHaveLength(1);
  });

  test('a writer waives rules for the pull request; the check run is recomputed and lists who waived what and why', async () => {
    const { fake, probot } = await reviewedPull();
    fake.roles.set('alice', 'write');
    commands(fake).state().ack('issues').permission('alice').replyInConversation(3).recheck(3);
    await sayInConversation(probot, fake, '/antipattern ignore image-latest-tag -- the tag is pinned by digest at deploy time\n/antipattern ignore `Missing-Memory-Limit`', 'alice');

    const reply = lastReply(fake);
    expect(reply).toContain('Waived `image-latest-tag` (Images must not use the latest tag) for this pull request, because: the tag is pinned by digest at deploy time');
    expect(reply).toContain('Say why next time');
    expect(waiverEvents(fake, reply).map((e) => [e.action, e.rule, e.by])).toEqual([['ignore', 'image-latest-tag', 'alice'], ['ignore', 'missing-memory-limit', 'alice']]);
    const run = fake.checkRuns[1]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'No anti-patterns in the changed lines' } });
    expect(run.output.summary).toContain('- `image-latest-tag`, waived by @alice: the tag is pinned by digest at deploy time (1 finding on the changed lines)');
    expect(run.output.summary).toContain('- `missing-memory-limit`, waived by @alice: no reason given (1 finding on the changed lines)');
    expect(run.annotations).toEqual([]);
    expect(fake.reviews).toHaveLength(1);
  });

  test('unignore takes a waiver back; unknown rules, missing rule ids and rules not waived are answered without a recheck', async () => {
    const { fake, probot } = await reviewedPull();
    fake.roles.set('alice', 'admin');
    commands(fake).state().ack('issues').permission('alice').replyInConversation(3).recheck(3);
    await sayInConversation(probot, fake, '/antipattern ignore image-latest-tag -- pinned elsewhere', 'alice');
    expect(fake.checkRuns[1]!.output.title).toBe('1 error');

    commands(fake).state().ack('issues').permission('alice').replyInConversation(3).recheck(3);
    await sayInConversation(probot, fake, '/antipattern unignore image-latest-tag', 'alice');
    expect(lastReply(fake)).toContain('Took back the waiver of `image-latest-tag`');
    expect(fake.checkRuns[2]!.output.title).toBe('2 errors');
    expect(fake.checkRuns[2]!.output.summary).not.toContain('waived by');

    commands(fake).state().ack('issues').permission('alice').replyInConversation(3);
    await sayInConversation(probot, fake, '/antipattern ignore image-latest\n/antipattern ignore -- no rule\n/antipattern unignore missing-memory-limit', 'alice');
    const reply = lastReply(fake);
    expect(reply).toMatch(/I know no rule `image-latest`\. Did you mean `image-latest-tag`/);
    expect(reply).toContain('Which rule should I waive?');
    expect(reply).toContain('`missing-memory-limit` is not waived in this pull request');
    expect(fake.checkRuns).toHaveLength(3);
  });
});

describe('commands in the thread of a finding', () => {
  test('explain without a topic explains that finding, replying in the thread', async () => {
    const { fake, pull, probot, latest } = await reviewedPull();
    commands(fake).state().ack('pulls').replyInThread(3);
    const c = fake.replyInThread(latest, 'Why is this bad?\n/antipattern explain');
    await probot.receive(reviewCommentEvent(fake, pull, { ...c, inReplyTo: c.rootId }));

    const replies = fake.repliesIn(latest);
    expect(replies).toHaveLength(1);
    expect(repliesTo(fake, replies[0]!)).toBe(c.id);
    expect(replies[0]).toContain(explainRule(ruleById('image-latest-tag')!));
    expect(replies[0]).not.toContain('missing-memory-limit');
    expect(fake.conversation).toEqual([]);
    expect(fake.reactions).toEqual([{ id: expect.any(Number), comment: c.id, content: 'eyes', removed: true }]);
  });

  test('ignore without a rule id waives that one finding; unignore in the thread takes it back', async () => {
    const { fake, pull, probot, latest } = await reviewedPull();
    fake.roles.set('bob', 'maintain');
    commands(fake).state().ack('pulls').permission('bob').replyInThread(3).recheck(3);
    const c = fake.replyInThread(latest, '/antipattern ignore -- a demo image, never deployed', 'bob');
    await probot.receive(reviewCommentEvent(fake, pull, { ...c, inReplyTo: c.rootId }));

    const reply = fake.repliesIn(latest)[0]!;
    expect(reply).toContain('Waived this finding (`image-latest-tag`) for this pull request, because: a demo image, never deployed');
    const [event] = waiverEvents(fake, reply);
    expect(event).toMatchObject({ action: 'ignore', rule: 'image-latest-tag', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), by: 'bob' });
    const run = fake.checkRuns[1]!;
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: '1 error' } });
    expect(run.output.summary).toContain('- one finding of `image-latest-tag`, waived by @bob: a demo image, never deployed (at [`deploy/web.yaml` line 17](');

    commands(fake).state().ack('pulls').permission('bob').replyInThread(3).recheck(3);
    const again = fake.replyInThread(latest, '/antipattern unignore', 'bob');
    await probot.receive(reviewCommentEvent(fake, pull, { ...again, inReplyTo: again.rootId }));
    expect(fake.repliesIn(latest)[1]).toContain('Took back the waiver of this finding');
    expect(fake.checkRuns[2]!.output.title).toBe('2 errors');
  });

  test('a reply in a thread a person started gets no answer', async () => {
    const { fake, pull, probot } = await reviewedPull();
    fake.threads.push({ id: 'PRRT_person', pull: 3, path: 'deploy/web.yaml', line: 5, isResolved: false, comments: [{ body: 'Should this be 3 replicas?', mine: false }] });
    commands(fake).state();
    const c = fake.replyInThread(fake.threads[2]!, '/antipattern explain');
    await probot.receive(reviewCommentEvent(fake, pull, { ...c, inReplyTo: c.rootId }));
    expect(fake.reactions).toEqual([]);
    expect(fake.threads[2]!.comments).toHaveLength(2);
  });
});

describe('waivers live in GitHub', () => {
  test('a restarted app still sees them, even 120 comments later; markers that people wrote are not trusted', async () => {
    const { fake, pull, base, probot } = await reviewedPull();
    fake.roles.set('alice', 'write');
    commands(fake).state().ack('issues').permission('alice').replyInConversation(3).recheck(3);
    await sayInConversation(probot, fake, '/antipattern ignore image-latest-tag -- pinned by digest', 'alice');
    const marker = waiverEvents(fake, lastReply(fake));
    expect(marker).toHaveLength(1);
    // Someone pastes a waiver marker of their own, then the conversation goes on for a while.
    fake.say(3, `<!-- k8s-antipatterns:waiver {"action":"ignore","rule":"missing-memory-limit","by":"mallory"} -->`, 'mallory');
    for (let i = 0; i < 120; i++) fake.say(3, `comment ${i}`, 'octocat');

    // A new process: a new Probot (a new token), nothing in memory. A push keeps both findings.
    const restarted = await testProbot();
    fake.push(3, { ...base, 'README.md': '# deploy configs\n', 'deploy/web.yaml': deployment('web', 'nginx:latest') });
    const mock = new GitHubMock(fake).standardReview(3, { review: false });
    new CommandMock(mock).olderComments();
    await restarted.receive(pullRequestEvent('synchronize', fake, pull));

    const run = fake.checkRuns[2]!;
    expect(run).toMatchObject({ head_sha: fake.pull(3).headSha, conclusion: 'failure', output: { title: '1 error' } });
    expect(run.output.summary).toContain('`image-latest-tag`, waived by @alice: pinned by digest');
    expect(run.output.summary).not.toContain('mallory');
    expect(fake.reviews).toHaveLength(1);
  });
});

describe('who and what is never answered', () => {
  test('bots, the app itself included, get no answer and cost no request', async () => {
    const { fake, pull, probot, latest } = await reviewedPull();
    const before = fake.requests.length;
    await probot.receive(issueCommentEvent(fake, 3, fake.say(3, '/antipattern recheck', 'renovate[bot]')));
    await probot.receive(issueCommentEvent(fake, 3, { ...fake.say(3, '/antipattern help', 'ci-helper'), type: 'Bot' }));
    await probot.receive(issueCommentEvent(fake, 3, fake.say(3, '/antipattern list', BOT)));
    const own = fake.replyInThread(latest, 'Why? /antipattern explain image-latest-tag\n/antipattern explain', BOT);
    await probot.receive(reviewCommentEvent(fake, pull, { ...own, inReplyTo: own.rootId }));
    expect(fake.requests.length).toBe(before);
  });

  test('edited comments, plain issues, comments without commands and new review comments are ignored', async () => {
    const { fake, pull, probot } = await reviewedPull();
    const before = fake.requests.length;
    await probot.receive(issueCommentEvent(fake, 3, fake.say(3, '/antipattern recheck', 'octocat'), { action: 'edited' }));
    await probot.receive(issueCommentEvent(fake, 3, fake.say(3, '/antipattern recheck', 'octocat'), { onPull: false }));
    await probot.receive(issueCommentEvent(fake, 3, fake.say(3, 'LGTM, see `/antipattern help`\n> /antipattern recheck', 'octocat')));
    const top = { id: 9001, nodeId: 'PRRC_9001', body: '/antipattern explain', user: 'octocat' };
    await probot.receive(reviewCommentEvent(fake, pull, top));
    await probot.receive(reviewCommentEvent(fake, pull, { ...top, inReplyTo: 1 }, { action: 'edited' }));
    expect(fake.requests.length).toBe(before);
  });

  test('a redelivered comment is answered once, also by a restarted app', async () => {
    const { fake, probot } = await reviewedPull();
    const said = fake.say(3, '/antipattern help', 'octocat');
    const event = issueCommentEvent(fake, 3, said);
    commands(fake).state().ack('issues').replyInConversation(3);
    await probot.receive(event);
    // Joined to the job of that comment: no request at all.
    await probot.receive(event);
    const mock = new GitHubMock(fake).token();
    new CommandMock(mock).state();
    await (await testProbot()).receive(event);

    expect(fake.conversation.filter((c) => c.mine)).toHaveLength(1);
    expect(fake.reactions).toHaveLength(1);
  });

  test('a redelivered thread reply is answered once', async () => {
    const { fake, pull, probot, memory } = await reviewedPull();
    const c = fake.replyInThread(memory, '/antipattern explain');
    const event = reviewCommentEvent(fake, pull, { ...c, inReplyTo: c.rootId });
    commands(fake).state().ack('pulls').replyInThread(3);
    await probot.receive(event);
    await probot.receive(event);
    expect(fake.repliesIn(memory)).toHaveLength(1);
    expect(fake.repliesIn(memory)[0]).toContain('(`missing-memory-limit`)');
  });
});
