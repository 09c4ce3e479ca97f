/**
 * Tests talk to GitHub through nock only. Each expected request is one nock interceptor (so a
 * test states the requests a review makes, and `pendingMocks()` is empty when all happened);
 * the answers come from the in-memory stand-in GitHub of the demo, which records every request.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from '@jest/globals';
import nock from 'nock';
import { Probot, type ApplicationFunction } from 'probot';
import app from '../../../src/app/app.js';
import { AppOctokit } from '../../../src/app/octokit.js';
import { FakeGitHub, type FakePull } from '../../../src/demo/stand-in/github.js';

export const API = 'https://api.github.com';
export const INSTALLATION = 1;

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;

/** Waits asked for by the retry plugin (tests never sleep). */
export const waits: number[] = [];

export async function testProbot(appFn: ApplicationFunction = app): Promise<Probot> {
  // DESIGN.md: Probot 14 ignores the documented way to disable throttling; the function form works.
  const Octokit = AppOctokit.defaults((o: Record<string, unknown>) => ({
    ...o, throttle: { ...(o.throttle as object | undefined), enabled: false },
    appRetry: { sleep: async (ms: number) => void waits.push(ms) },
  }));
  const probot = new Probot({ appId: 123, privateKey: KEY, Octokit, logLevel: (process.env.TEST_LOG_LEVEL as 'error' | undefined) ?? 'fatal' });
  await probot.load(appFn);
  return probot;
}

type Method = 'GET' | 'POST' | 'PATCH';

/** The path, with any query string (a readable pattern in nock's list of pending mocks). */
function exactPath(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)?$`);
}

export class GitHubMock {
  readonly scope = nock(API);
  constructor(readonly fake: FakeGitHub) {}

  private answer(method: Method) {
    return (uri: string, body: nock.Body): nock.ReplyFnResult => {
      const parsed = typeof body === 'string' ? (body === '' ? null : JSON.parse(body)) : body;
      const reply = this.fake.handle(method, uri, parsed);
      return [reply.status, reply.body as nock.ReplyBody, reply.headers ?? {}];
    };
  }

  /** One request (or `times`) to a path; the path may carry any query string. */
  expect(method: Method, path: string, times = 1): this {
    this.scope.intercept(exactPath(path), method).times(times).reply(this.answer(method));
    return this;
  }

  graphql(operation: 'Objects' | 'ReviewState' | 'ResolveThreads', times = 1): this {
    this.scope.post('/graphql', (body: { query?: string }) => new RegExp(`^\\s*(query|mutation) ${operation}\\b`).test(body.query ?? '')).times(times).reply(this.answer('POST'));
    return this;
  }

  /** GitHub failing a request: `status` answers before the real one. */
  fail(method: Method, path: string, status: number, times = 1, headers: Record<string, string> = {}): this {
    this.scope.intercept(exactPath(path), method).times(times).reply(status, { message: status >= 500 ? 'Server Error' : 'Failed' }, headers);
    return this;
  }

  get repoPath(): string {
    return `/repos/${this.fake.owner}/${this.fake.repo}`;
  }

  token(): this {
    return this.expect('POST', `/app/installations/${INSTALLATION}/access_tokens`);
  }

  startCheck(): this {
    return this.expect('POST', `${this.repoPath}/check-runs`);
  }

  /** Probot reads the repo's config, then the org's `.github` repo when the repo has none. */
  config(): this {
    this.expect('GET', `${this.repoPath}/contents/.github%2Fk8s-antipatterns.yml`);
    if (this.fake.config === undefined) this.expect('GET', `/repos/${this.fake.owner}/.github/contents/.github%2Fk8s-antipatterns.yml`);
    return this;
  }

  files(number: number, pages = 1): this {
    return this.expect('GET', `${this.repoPath}/pulls/${number}/files`, pages);
  }

  review(number: number): this {
    return this.expect('POST', `${this.repoPath}/pulls/${number}/reviews`);
  }

  updateCheck(times = 1): this {
    this.scope.intercept(new RegExp(`^${this.repoPath}/check-runs/\\d+$`), 'PATCH').times(times).reply(this.answer('PATCH'));
    return this;
  }

  /** The usual review: check run, config, files, contents, state, review, completion. */
  standardReview(number: number, options: { pages?: number; objects?: number; review?: boolean; updates?: number; token?: boolean } = {}): this {
    if (options.token !== false) this.token();
    this.startCheck().config().files(number, options.pages ?? 1).graphql('Objects', options.objects ?? 1).graphql('ReviewState');
    if (options.review !== false) this.review(number);
    return this.updateCheck(options.updates ?? 1);
  }
}

const fixture = (path: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));

function repository(fake: FakeGitHub): Record<string, unknown> {
  return { id: 4242, name: fake.repo, full_name: `${fake.owner}/${fake.repo}`, html_url: fake.htmlUrl, owner: { login: fake.owner, type: 'Organization' } };
}

/** A `pull_request` webhook from @octokit/webhooks-examples, pointed at the stand-in's pull request. */
export function pullRequestEvent(action: 'opened' | 'synchronize' | 'reopened' | 'ready_for_review' | 'closed', fake: FakeGitHub, pull: FakePull) {
  const payload = fixture(`pull_request/${action}.json`) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON fixture, reshaped field by field below
  const repo = repository(fake);
  payload.repository = { ...payload.repository, ...repo };
  payload.installation = { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  payload.number = pull.number;
  const json = fake.pullJson(pull) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  payload.pull_request = {
    ...payload.pull_request, number: pull.number, state: action === 'closed' ? 'closed' : pull.state, draft: pull.draft, changed_files: pull.files.length,
    head: { ...payload.pull_request.head, sha: pull.headSha, repo: { ...payload.pull_request.head.repo, full_name: json.head.repo.full_name, fork: pull.fork } },
    base: { ...payload.pull_request.base, sha: pull.baseSha, repo: { ...payload.pull_request.base.repo, ...repo } },
  };
  return { id: `delivery-${action}-${pull.headSha.slice(0, 7)}`, name: 'pull_request' as const, payload: payload as never };
}

/** `check_run.rerequested` from the examples (its `pull_requests` list is empty, as for forks). */
export function checkRunRerequested(fake: FakeGitHub, sha: string, name = 'Kubernetes anti-patterns') {
  const payload = fixture('check_run/rerequested.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  payload.repository = { ...payload.repository, ...repository(fake) };
  payload.installation = { id: INSTALLATION };
  payload.check_run = { ...payload.check_run, name, head_sha: sha, pull_requests: [] };
  return { id: 'delivery-rerun', name: 'check_run' as const, payload: payload as never };
}

/** Every app test: no real network, and no expected request left unmade. */
export function guardNetwork(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    waits.length = 0;
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}
