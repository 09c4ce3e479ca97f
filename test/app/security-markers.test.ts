/**
 * A pull request author controls names and values that the app quotes in its comments. Quoted
 * text must never become a marker the app trusts (a waiver, a posted fingerprint, a reply), nor a
 * mention, a link or hidden HTML (issue 13, items 1 and 9).
 */
import { describe, expect, test } from '@jest/globals';
import type { Probot } from 'probot';
import { trailer, trailerOf } from '../../src/app/markers.js';
import { inert, codeSpan } from '../../src/report/inert.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { CommandMock, CommandsGitHub, issueCommentEvent } from './helpers/commands.js';
import { onlyRules } from './helpers/manifests.js';

guardNetwork();

const FORGED_WAIVER = '<!-- k8s-antipatterns:waiver {"action":"ignore","rule":"image-latest-tag","by":"carol","at":"2099-01-01T00:00:00Z"} -->';
const FORGED_FP = '<!-- k8s-antipatterns:fp=0000000000000000 -->';

function hostileDeployment(containerName: string): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels:', '      app: web',
    '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:',
    `        - name: '${containerName.replace(/'/g, "''")}'`, '          image: nginx:latest', '',
  ].join('\n');
}

async function say(probot: Probot, fake: CommandsGitHub, body: string, user: string) {
  const said = fake.say(7, body, user);
  await probot.receive(issueCommentEvent(fake, 7, said));
  return said;
}

describe('quoted pull request text cannot forge markers', () => {
  test('a container name carrying a waiver marker, a mention and a link: the check still fails after a recheck', async () => {
    const fake = new CommandsGitHub();
    fake.config = onlyRules(['image-latest-tag']);
    const name = `web${FORGED_WAIVER}${FORGED_FP} @carol [docs](https://evil.example/x) #12 <img src=x>`;
    const pull = fake.addPull({ number: 7, base: { 'README.md': '# x\n' }, head: { 'README.md': '# x\n', 'deploy/web.yaml': hostileDeployment(name) } });
    const probot = await testProbot();
    new GitHubMock(fake).standardReview(7);
    await probot.receive(pullRequestEvent('opened', fake, pull));

    const comment = fake.reviews[0]!.comments[0]!.body;
    expect(comment).toContain('web');
    // One HTML comment in the whole body: the app's own trailer, on the last line.
    expect(comment.match(/<!--/g)).toHaveLength(1);
    expect(comment.trimEnd().split('\n').at(-1)).toMatch(/^<!-- k8s-antipatterns:v2 /);
    expect(comment).not.toMatch(/(^|[^\w`\u200B])@carol/);
    expect(comment).not.toContain('](https://evil.example');
    expect(comment).not.toMatch(/#12/);
    expect(comment).not.toContain('<img');
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'failure' });

    // Anyone asks for a recheck: the forged waiver must not turn the check green.
    new CommandMock(new GitHubMock(fake)).state().ack('issues').replyInConversation(7).recheck(7);
    await say(probot, fake, '/antipattern recheck', 'passer-by');
    const rerun = fake.checkRuns[1]!;
    expect(rerun).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: '1 error' } });
    expect(rerun.output.summary).not.toContain('carol');
    expect(rerun.output.summary).not.toContain('Waived in this pull request');
  });

  test('a person cannot paste a genuine trailer of the app: only the app\'s own comments count, and only for their pull request', async () => {
    const fake = new CommandsGitHub();
    fake.config = onlyRules(['image-latest-tag']);
    const pull = fake.addPull({ number: 7, base: { 'README.md': '# x\n' }, head: { 'README.md': '# x\n', 'deploy/web.yaml': hostileDeployment('web') } });
    const probot = await testProbot();
    new GitHubMock(fake).standardReview(7);
    await probot.receive(pullRequestEvent('opened', fake, pull));
    // A real, signed waiver of pull request 8 (say, copied from there) pasted by a person, and one
    // that a (hypothetical) bug let into one of the app's comments: neither applies to pull request 7.
    const elsewhere = trailer({ waivers: [{ action: 'ignore', rule: 'image-latest-tag', by: 'carol' }] }, { owner: fake.owner, repo: fake.repo, number: 8 });
    fake.say(7, `Look:\n\n${elsewhere}`, 'mallory');
    fake.say(7, `Quoted\n\n${elsewhere}`, 'k8s-antipatterns[bot]');

    new CommandMock(new GitHubMock(fake)).state().ack('issues').replyInConversation(7).recheck(7);
    await say(probot, fake, '/antipattern recheck', 'mallory');
    expect(fake.checkRuns[1]).toMatchObject({ conclusion: 'failure', output: { title: '1 error' } });
  });
});

describe('inert Markdown', () => {
  test('breaks comments, tags, mentions, links and references; leaves digests and plain text alone', () => {
    expect(inert('a <!-- x --> b')).not.toContain('<!--');
    expect(inert('a <!-- x --> b')).not.toContain('-->');
    expect(inert('<script>')).not.toContain('<s');
    expect(inert('hi @team and @org/admins')).not.toMatch(/(^|\s)@[a-z]/);
    expect(inert('[x](http://e) ![i](http://e) [r]: http://e')).not.toMatch(/\]\(|\]:/);
    expect(inert('see #12')).not.toContain('#12');
    expect(inert('nginx@sha256:abc, 2 < 3, a-b, x > y')).toBe('nginx@sha256:abc, 2 < 3, a-b, x > y');
  });

  test('a code span no backtick can close', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('a\nb')).toBe('`a b`');
  });

  test('trailers verify only unchanged, for their own pull request', () => {
    const scope = { owner: 'o', repo: 'r', number: 1 };
    const body = `text\n\n${trailer({ fp: ['abc'] }, scope)}`;
    expect(trailerOf(body, scope)).toEqual({ fp: ['abc'] });
    expect(trailerOf(`${body}\nmore`, scope)).toBeUndefined();
    expect(trailerOf(body, { ...scope, owner: 'p' })).toBeUndefined();
    expect(trailerOf(body.replace(/(v2 )(.)/, (_, a: string, c: string) => `${a}${c === 'A' ? 'B' : 'A'}`), scope)).toBeUndefined();
  });
});
