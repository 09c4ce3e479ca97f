/**
 * The fault matrix: every GitHub route the App uses during a review and while answering a
 * command fails, one route at a time, with each fault, once (GitHub recovers) and always (it
 * keeps failing). The tables below are the documentation: each cell is the outcome when the fault
 * happens once / always (one word when both are the same); the test cases are generated from them.
 *
 * Whatever the cell, every case also checks: no crash, the fault was met, at most one check run
 * and one review for the head (no duplicates), no finding posted twice, and a review that exists
 * has every new finding (no half review). Retries sleep through the test Octokit's `appRetry`
 * (no real waiting). The faults are in helpers/faults.ts: `403 RL` is a secondary rate limit
 * with `retry-after: 30`, `429` has no `retry-after` (GitHub then asks for a minute), `timeout`
 * is a socket error (ETIMEDOUT), `bad JSON` a 200 whose body is cut off, and `lost` means GitHub
 * did the work but its answer was lost (a 502 after the fact).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { fingerprintsIn, trailerOf } from '../../src/app/markers.js';
import type { FakePull } from '../../src/demo/stand-in/github.js';
import { pullRequestEvent, testProbot, waits } from './helpers/github.js';
import { BOT, CommandsGitHub, issueCommentEvent } from './helpers/commands.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';
import { served, serveGitHub, type FaultName, type RouteName } from './helpers/faults.js';

/**
 * A push to a reviewed pull request (#3): it fixes both findings of `deploy/web.yaml` (two
 * threads to resolve), adds `deploy/many.yaml` (60 findings: two annotation batches; longer than
 * GraphQL serves, so read through the contents API) and changes `deploy/legacy.yaml`, whose patch
 * GitHub leaves out (diffed against the merge base: compare).
 *
 * | Outcome    | What the test checks                                                                          |
 * |------------|-----------------------------------------------------------------------------------------------|
 * | ok         | As without the fault: one review with every new finding, both threads resolved, the check run  |
 * |            | `failure` with all 61 annotations (a rate limit: after GitHub's wait, even for the review)     |
 * | stop       | The review could not finish: check run `neutral`, its summary says what GitHub answered to     |
 * |            | which request and to use Re-run; no review                                                    |
 * | unposted   | Findings kept (check run `failure`, 61 annotations); the summary says the review could not be  |
 * |            | posted, why, and when to Re-run; no review                                                    |
 * | body       | GitHub refused the inline comments (422): one review with every finding in its body           |
 * | skipped    | `deploy/many.yaml` not reviewed: one summary line names it and why; the rest is reviewed       |
 * | unresolved | Review posted; the two gone threads stay open and the summary says so                         |
 * | noannot    | Review posted; GitHub refused the annotations: completed without them, the summary says so     |
 * | stuck      | Review posted; GitHub refused every update of the check run: it stays in progress, the job     |
 * |            | fails so that the queue tries again later                                                     |
 * | norun      | No check run and no review: without a token or a check run the App can do nothing; the job     |
 * |            | fails so that the queue tries again later                                                     |
 * | defaults   | GitHub says there is no config (404): the review runs with the default rules                  |
 */
const REVIEW_MATRIX = `
route                  | 500           | 502           | 503           | 403 RL        | 429           | 404           | 422           | timeout       | bad JSON      | lost
installation token     | ok/norun      | ok/norun      | ok/norun      | ok/norun      | ok/norun      | stop/norun    | stop/norun    | ok/norun      | ok/norun      | ok/norun
create check run       | ok/norun      | ok/norun      | ok/norun      | ok/norun      | ok/norun      | stop/norun    | stop/norun    | ok/norun      | ok/norun      | ok
config (repo)          | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok/stop       | defaults      | stop          | ok/stop       | ok/stop       | ok/stop
config (org .github)   | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok            | stop          | ok/stop       | ok/stop       | ok/stop
PR files               | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok/stop       | stop          | stop          | ok/stop       | ok/stop       | ok/stop
GraphQL Objects        | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok/stop       | stop          | stop          | ok/stop       | ok/stop       | ok/stop
compare (merge base)   | ok/stop       | ok/stop       | ok/stop       | ok/stop       | ok/stop       | stop          | stop          | ok/stop       | ok/stop       | ok/stop
contents fallback      | ok/skipped    | ok/skipped    | ok/skipped    | ok/skipped    | ok/skipped    | skipped       | skipped       | ok/skipped    | ok/skipped    | ok/skipped
GraphQL ReviewState    | ok/unposted   | ok/unposted   | ok/unposted   | ok/unposted   | ok/unposted   | unposted      | unposted      | ok/unposted   | ok/unposted   | ok/unposted
create review          | ok/unposted   | ok/unposted   | ok/unposted   | ok/unposted   | ok/unposted   | unposted      | body/unposted | ok/unposted   | ok/unposted   | ok
GraphQL ResolveThreads | ok/unresolved | ok/unresolved | ok/unresolved | ok/unresolved | ok/unresolved | unresolved    | unresolved    | ok/unresolved | ok/unresolved | ok
update check run       | ok/stuck      | ok/stuck      | ok/stuck      | ok/stuck      | ok/stuck      | noannot/stuck | noannot/stuck | ok/stuck      | ok/stuck      | ok
`;

/**
 * A comment by a person with write permission on a reviewed pull request:
 * `/antipattern ignore image-latest-tag -- pinned by digest` and `/antipattern list`. The App
 * reads the pull request's state, reacts with "eyes", checks the permission, replies once, runs
 * the review again with the waiver (a check run of its own), and takes the reaction away.
 *
 * | Outcome    | What the test checks                                                                          |
 * |------------|-----------------------------------------------------------------------------------------------|
 * | answered   | One reply, recording the waiver; the new check run completed and shows the waiver; no eyes left |
 * | no eyes    | Answered as above, without the reaction (a courtesy)                                          |
 * | eyes left  | Answered as above; the reaction stays (GitHub made it, but its id never came back)            |
 * | sorry      | One reply saying GitHub did not give what was needed, and what GitHub answered; no waiver      |
 * | denied     | GitHub does not know the person (404): one reply refusing the waiver                          |
 * | unanswered | No reply and no eyes left; the job fails, so the queue tries again (looking for a reply first) |
 */
const COMMAND_MATRIX = `
route                  | 500                  | 502                  | 503                  | 403 RL               | 429                  | 404                  | 422                  | timeout              | bad JSON             | lost
installation token     | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | unanswered           | unanswered           | answered/unanswered  | answered/unanswered  | answered/unanswered
GraphQL ReviewState    | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | unanswered           | unanswered           | answered/unanswered  | answered/unanswered  | answered/unanswered
reactions              | answered/no eyes     | answered/no eyes     | answered/no eyes     | answered/no eyes     | answered/no eyes     | no eyes              | no eyes              | answered/no eyes     | answered/no eyes     | answered/eyes left
reply                  | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | answered/unanswered  | unanswered           | unanswered           | answered/unanswered  | answered/unanswered  | answered
permission             | answered/sorry       | answered/sorry       | answered/sorry       | answered/sorry       | answered/sorry       | denied               | sorry                | answered/sorry       | answered/sorry       | answered/sorry
`;

const COLUMNS: Record<string, FaultName> = {
  '500': '500', '502': '502', '503': '503', '403 RL': '403 secondary rate limit', '429': '429', '404': '404', '422': '422', 'timeout': 'timeout', 'bad JSON': 'invalid JSON', 'lost': 'answer lost',
};

type Times = 'once' | 'always';

function parse<O extends string>(table: string, outcomes: readonly O[]): Array<[RouteName, FaultName, Times, O]> {
  const [header, ...rows] = table.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));
  const cases: Array<[RouteName, FaultName, Times, O]> = [];
  for (const [route, ...cells] of rows) {
    cells.forEach((cell, i) => {
      const fault = COLUMNS[header![i + 1]!]!;
      const [once, always = once] = cell.split('/') as [O, O?];
      for (const o of [once, always]) if (!outcomes.includes(o)) throw new Error(`unknown outcome "${o}" for ${route} × ${fault}`);
      cases.push([route as RouteName, fault, 'once', once], [route as RouteName, fault, 'always', always]);
    });
  }
  return cases;
}

const REVIEW_OUTCOMES = ['ok', 'stop', 'unposted', 'body', 'skipped', 'unresolved', 'noannot', 'stuck', 'norun', 'defaults'] as const;
const COMMAND_OUTCOMES = ['answered', 'no eyes', 'eyes left', 'sorry', 'denied', 'unanswered'] as const;

/** What the check run (or the reply) says about each fault. */
const SAYS: Record<FaultName, string> = {
  '500': 'GitHub answered 500 (Server Error)',
  '502': 'GitHub answered 502 (Bad Gateway)',
  '503': 'GitHub answered 503 (Service Unavailable)',
  '403 secondary rate limit': "GitHub's rate limit was reached (GitHub answered 403",
  '429': "GitHub's rate limit was reached (GitHub answered 429",
  '404': 'GitHub answered 404 (Not Found)',
  '422': 'GitHub answered 422 (Unprocessable Entity)',
  'timeout': 'GitHub did not answer',
  'invalid JSON': 'was cut off or is not valid JSON',
  'answer lost': 'GitHub answered 502 (Bad Gateway)',
};

/** GitHub's wait for each rate limit, which the App sleeps through before trying again. */
const RATE_LIMIT_WAIT: Partial<Record<FaultName, number>> = { '403 secondary rate limit': 30_000, '429': 60_000 };

beforeEach(() => {
  nock.disableNetConnect();
  waits.length = 0;
  served.length = 0;
});
afterEach(() => {
  nock.cleanAll();
});

function many(n: number): string {
  return Array.from({ length: n }, (_, i) => deployment(`app-${i}`, 'nginx:latest')).join('---\n');
}

interface Scenario {
  fake: CommandsGitHub;
  pull: FakePull;
  base: Record<string, string>;
}

/** Pull request #3, reviewed at its first head without any fault. */
async function reviewedPull(options: { repoConfig?: boolean } = {}): Promise<Scenario> {
  const fake = new CommandsGitHub();
  fake.config = onlyRules(TWO_RULES, 'max_comments: 100\n');
  fake.truncateAt = 6000;
  const base = { 'README.md': '# deploy\n', 'deploy/web.yaml': deployment('web', 'nginx:1.0.0'), 'deploy/legacy.yaml': deployment('legacy', 'nginx:1.0.0', { memoryLimit: true }) };
  const pull = fake.addPull({ number: 3, base, head: { ...base, 'deploy/web.yaml': deployment('web', 'nginx:latest') }, withoutPatch: new Set(['deploy/legacy.yaml']) });
  serveGitHub(fake);
  await (await testProbot()).receive(pullRequestEvent('opened', fake, pull));
  nock.cleanAll();
  expect(fake.threads.map((t) => t.line)).toEqual([16, 17]);
  // Without a config in the repository, Probot reads the org's `.github` repository.
  if (options.repoConfig === false) fake.config = undefined;
  return { fake, pull, base };
}

/** The push, reviewed by a new process (so the installation token is asked for again). */
async function push(s: Scenario, fault?: { route: RouteName; fault: FaultName; times: Times }): Promise<void> {
  s.fake.push(3, {
    ...s.base, 'deploy/web.yaml': deployment('web', 'nginx:1.27.2', { memoryLimit: true }),
    'deploy/legacy.yaml': deployment('legacy', 'nginx:latest', { memoryLimit: true }), 'deploy/many.yaml': many(30),
  });
  serveGitHub(s.fake, fault);
  await (await testProbot()).receive(pullRequestEvent('synchronize', s.fake, s.pull));
}

/** Fingerprints of a review: its inline comments' and its body's. */
function printsOf(fake: CommandsGitHub, review: CommandsGitHub['reviews'][number]): string[] {
  const scope = { owner: fake.owner, repo: fake.repo, number: 3 };
  return [...review.comments.flatMap((c) => fingerprintsIn(c.body, scope)), ...fingerprintsIn(review.body, scope)].sort();
}

interface Reference {
  prints: string[];
  annotations: number;
  conclusion: string;
}

const reference = new Map<string, Reference>();

beforeAll(async () => {
  nock.disableNetConnect();
  for (const repoConfig of [true, false]) {
    const s = await reviewedPull({ repoConfig });
    await push(s);
    nock.cleanAll();
    const run = s.fake.checkRuns[1]!;
    reference.set(String(repoConfig), { prints: printsOf(s.fake, s.fake.reviews[1]!), annotations: run.annotations.length, conclusion: run.conclusion! });
  }
  const standard = reference.get('true')!;
  // The scenario is what the table assumes.
  expect(standard).toMatchObject({ annotations: 61, conclusion: 'failure' });
  expect(standard.prints).toHaveLength(61);
});

describe('a review while GitHub fails', () => {
  test.each(parse(REVIEW_MATRIX, REVIEW_OUTCOMES))('%s × %s (%s) → %s', async (route, fault, times, outcome) => {
    const s = await reviewedPull({ repoConfig: route !== 'config (org .github)' });
    const ref = reference.get(String(route !== 'config (org .github)'))!;
    await expect(push(s, { route, fault, times })).resolves.toBeUndefined();
    expect(served.length).toBeGreaterThan(0);

    const { fake } = s;
    const head = s.pull.headSha;
    const runs = fake.checkRuns.filter((r) => r.head_sha === head);
    const reviews = fake.reviews.filter((r) => r.commit_id === head);
    expect(runs.length).toBeLessThanOrEqual(1);
    expect(reviews.length).toBeLessThanOrEqual(1);
    // No finding is ever posted twice, in comments or in review bodies.
    const everyPrint = fake.reviews.flatMap((r) => printsOf(fake, r));
    expect(new Set(everyPrint).size).toBe(everyPrint.length);
    const run = runs[0];
    const summary = run?.output.summary ?? '';
    const review = reviews[0];
    const resolved = fake.threads.filter((t) => t.isResolved).length;

    if (outcome === 'norun') {
      expect(runs).toEqual([]);
      expect(reviews).toEqual([]);
      return;
    }
    expect(run).toBeDefined();
    if (outcome !== 'stuck') expect(run!.status).toBe('completed');
    switch (outcome) {
      case 'ok':
      case 'body':
        expect(printsOf(fake, review!)).toEqual(ref.prints);
        expect(run).toMatchObject({ conclusion: ref.conclusion });
        expect(run!.annotations).toHaveLength(ref.annotations);
        expect(resolved).toBe(2);
        if (outcome === 'body') expect(summary).toContain(`Review posted with 0 inline comments and ${ref.prints.length} findings in its body.`);
        else expect(summary).toMatch(/Review posted with \d+ inline comments/);
        if (RATE_LIMIT_WAIT[fault] !== undefined) expect(waits).toContain(RATE_LIMIT_WAIT[fault]);
        break;
      case 'stop':
        expect(run).toMatchObject({ conclusion: 'neutral', output: { title: 'The review could not finish' } });
        expect(summary).toContain(SAYS[fault]);
        expect(summary).toContain('**Re-run**');
        expect(review).toBeUndefined();
        break;
      case 'unposted':
        expect(run).toMatchObject({ conclusion: 'failure' });
        expect(run!.annotations).toHaveLength(ref.annotations);
        expect(summary).toContain('**The review could not be posted:**');
        expect(summary).toContain(SAYS[fault]);
        expect(summary).toMatch(fault in RATE_LIMIT_WAIT ? /Use \*\*Re-run\*\* on this check after (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC/ : /Use \*\*Re-run\*\* on this check to post/);
        expect(review).toBeUndefined();
        break;
      case 'skipped': {
        expect(summary).toContain('**1 changed file not reviewed:** GitHub did not give `deploy/many.yaml`');
        expect(summary).toContain(SAYS[fault]);
        // Reviewed without it: the other findings, all of them.
        const many = new Set(fake.threads.filter((t) => t.path === 'deploy/many.yaml').map((t) => t.id));
        expect(many.size).toBe(0);
        expect(printsOf(fake, review!).length).toBeGreaterThan(0);
        expect(printsOf(fake, review!).every((p) => ref.prints.includes(p))).toBe(true);
        expect(run).toMatchObject({ conclusion: 'failure' });
        break;
      }
      case 'unresolved':
        expect(printsOf(fake, review!)).toEqual(ref.prints);
        expect(resolved).toBe(0);
        expect(summary).toContain('2 earlier comments could not be resolved (');
        expect(summary).toContain(SAYS[fault]);
        expect(run).toMatchObject({ conclusion: 'failure' });
        break;
      case 'noannot':
        expect(printsOf(fake, review!)).toEqual(ref.prints);
        expect(run).toMatchObject({ conclusion: 'failure' });
        expect(run!.annotations.length).toBeLessThan(ref.annotations);
        expect(summary).toContain(`have no annotation:** GitHub did not take them (${SAYS[fault]}`);
        break;
      case 'stuck':
        expect(printsOf(fake, review!)).toEqual(ref.prints);
        expect(run!.status).toBe('in_progress');
        break;
      case 'defaults':
        expect(review).toBeDefined();
        expect(run!.annotations.length).toBeGreaterThan(0);
        break;
    }
  });
});

describe('a command while GitHub fails', () => {
  test.each(parse(COMMAND_MATRIX, COMMAND_OUTCOMES))('%s × %s (%s) → %s', async (route, fault, times, outcome) => {
    const { fake } = await reviewedPull();
    fake.roles.set('alice', 'write');
    const runsBefore = fake.checkRuns.length;
    serveGitHub(fake, { route, fault, times });
    const said = fake.say(3, '/antipattern ignore image-latest-tag -- pinned by digest\n/antipattern list', 'alice');
    await expect((await testProbot()).receive(issueCommentEvent(fake, 3, said))).resolves.toBeUndefined();
    expect(served.length).toBeGreaterThan(0);

    const scope = { owner: fake.owner, repo: fake.repo, number: 3 };
    const replies = fake.conversation.filter((c) => c.user === BOT);
    const newRuns = fake.checkRuns.slice(runsBefore);
    // Never two replies; every check run the command caused is completed.
    expect(replies.length).toBeLessThanOrEqual(1);
    for (const run of newRuns) expect(run.status).toBe('completed');
    const reply = replies[0];
    const answered = ['answered', 'no eyes', 'eyes left'].includes(outcome);
    if (answered) {
      expect(trailerOf(reply!.body, scope)).toMatchObject({ replyTo: said.id, waivers: [expect.objectContaining({ action: 'ignore', rule: 'image-latest-tag', by: 'alice' })] });
      expect(newRuns).toHaveLength(1);
      expect(newRuns[0]!.output.summary).toContain('`image-latest-tag`, waived by @alice: pinned by digest');
      if (RATE_LIMIT_WAIT[fault] !== undefined && times === 'once') expect(waits).toContain(RATE_LIMIT_WAIT[fault]);
    } else {
      expect(newRuns).toEqual([]);
    }
    switch (outcome) {
      case 'answered':
        expect(fake.reactions).toEqual([expect.objectContaining({ comment: said.id, content: 'eyes', removed: true })]);
        break;
      case 'no eyes':
        expect(fake.reactions).toEqual([]);
        break;
      case 'eyes left':
        expect(fake.reactions).toEqual([expect.objectContaining({ comment: said.id, content: 'eyes', removed: false })]);
        break;
      case 'sorry':
        expect(reply!.body).toContain('Sorry, I could not answer this: GitHub did not give me what I needed (');
        expect(reply!.body).toContain(SAYS[fault]);
        expect(trailerOf(reply!.body, scope)).toEqual({ replyTo: said.id });
        break;
      case 'denied':
        expect(reply!.body).toContain('Sorry @alice, only people with write, maintain or admin permission on this repository can waive a rule.');
        expect(trailerOf(reply!.body, scope)).toEqual({ replyTo: said.id });
        break;
      case 'unanswered':
        expect(replies).toEqual([]);
        expect(fake.reactions.filter((r) => !r.removed)).toEqual([]);
        break;
    }
  });
});
