/**
 * GitHub failing on purpose, one route at a time: every request goes to the stand-in GitHub,
 * except those of one route, which get a fault (once, or every time). Used by the fault matrix
 * (test/app/fault-matrix.test.ts); nothing here waits for real (the retry plugin's sleep is the
 * test Octokit's, see testProbot).
 */
import nock from 'nock';
import type { FakeGitHub } from '../../../src/demo/stand-in/github.js';
import { API, INSTALLATION } from './github.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One kind of request: method, path (with its query string) and, for GraphQL, the operation. */
export interface RouteMatcher {
  method: Method;
  path: RegExp;
  operation?: string;
}

const REPO = '/repos/octo-org/deploy-configs';
const graphql = (operation: string): RouteMatcher => ({ method: 'POST', path: /^\/graphql$/, operation });

/** Every GitHub route the App uses during a review and while answering a command. */
export const ROUTES = {
  'installation token': [{ method: 'POST', path: new RegExp(`^/app/installations/${INSTALLATION}/access_tokens$`) }],
  'create check run': [{ method: 'POST', path: new RegExp(`^${REPO}/check-runs$`) }],
  'config (repo)': [{ method: 'GET', path: new RegExp(`^${REPO}/contents/\\.github%2Fk8s-antipatterns\\.yml$`) }],
  'config (org .github)': [{ method: 'GET', path: /^\/repos\/octo-org\/\.github\/contents\/\.github%2Fk8s-antipatterns\.yml$/ }],
  'PR files': [{ method: 'GET', path: new RegExp(`^${REPO}/pulls/\\d+/files\\?`) }],
  'GraphQL Objects': [graphql('Objects')],
  'GraphQL ReviewState': [graphql('ReviewState')],
  'compare (merge base)': [{ method: 'GET', path: new RegExp(`^${REPO}/compare/`) }],
  'contents fallback': [{ method: 'GET', path: new RegExp(`^${REPO}/contents/deploy%2F[^?]+\\?ref=`) }],
  'create review': [{ method: 'POST', path: new RegExp(`^${REPO}/pulls/\\d+/reviews$`) }],
  'GraphQL ResolveThreads': [graphql('ResolveThreads')],
  'update check run': [{ method: 'PATCH', path: new RegExp(`^${REPO}/check-runs/\\d+$`) }],
  'reactions': [{ method: 'POST', path: new RegExp(`^${REPO}/(?:issues|pulls)/comments/\\d+/reactions$`) }, { method: 'DELETE', path: new RegExp(`^${REPO}/(?:issues|pulls)/comments/\\d+/reactions/\\d+$`) }],
  'reply': [{ method: 'POST', path: new RegExp(`^${REPO}/issues/\\d+/comments$`) }, { method: 'POST', path: new RegExp(`^${REPO}/pulls/\\d+/comments/\\d+/replies$`) }],
  'permission': [{ method: 'GET', path: new RegExp(`^${REPO}/collaborators/[^/]+/permission$`) }],
} satisfies Record<string, RouteMatcher[]>;

export type RouteName = keyof typeof ROUTES;

export type FaultName = '500' | '502' | '503' | '403 secondary rate limit' | '429' | '404' | '422' | 'timeout' | 'invalid JSON' | 'answer lost';

interface FaultAnswer {
  /** GitHub did the work before the answer was lost. */
  processed?: boolean;
  status?: number;
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
  /** A socket error instead of an answer. */
  error?: { code: string; message: string };
}

/** What GitHub answers instead of the real answer. */
export const FAULTS: Record<FaultName, FaultAnswer> = {
  '500': { status: 500, body: { message: 'Server Error' } },
  '502': { status: 502, body: { message: 'Bad Gateway' } },
  '503': { status: 503, body: { message: 'Service Unavailable' } },
  '403 secondary rate limit': {
    status: 403, headers: { 'retry-after': '30' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' },
  },
  // No retry-after: GitHub then asks for at least a minute.
  '429': { status: 429, body: { message: 'Too Many Requests' } },
  '404': { status: 404, body: { message: 'Not Found' } },
  '422': { status: 422, body: { message: 'Unprocessable Entity' } },
  'timeout': { error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 140.82.112.6:443' } },
  // The answer cut off mid-way: the JSON does not parse.
  'invalid JSON': { status: 200, body: '{"id": 17, "message": "trunc', headers: { 'content-type': 'application/json; charset=utf-8' } },
  'answer lost': { processed: true, status: 502, body: { message: 'Bad Gateway' } },
};

export interface Injected {
  route: RouteName;
  fault: FaultName;
  times: 'once' | 'always';
}

function parse(body: nock.Body): unknown {
  return typeof body === 'string' ? (body === '' ? null : JSON.parse(body)) : body;
}

function bodyMatcher(operation: string | undefined) {
  return operation === undefined ? undefined : (body: { query?: string }) => new RegExp(`^\\s*(query|mutation) ${operation}\\b`).test(body.query ?? '');
}

/** The faults GitHub served, in order (a test checks that its fault was met). */
export const served: string[] = [];

/**
 * Routes every request to the stand-in; the requests of `injected.route` get its fault instead
 * (nock tries interceptors in the order they were added: the fault's come first).
 */
export function serveGitHub(fake: FakeGitHub, injected?: Injected): void {
  if (injected) {
    const fault = FAULTS[injected.fault];
    const scope = nock(API).persist(injected.times === 'always');
    for (const m of ROUTES[injected.route] as RouteMatcher[]) {
      const interceptor = scope.intercept(m.path, m.method, bodyMatcher(m.operation) as never);
      if (injected.times === 'once') interceptor.times(1);
      interceptor.reply(async (uri, body) => {
        served.push(`${m.method} ${uri.split('?')[0]}: ${injected.fault}`);
        if (fault.processed) fake.handle(m.method, uri, parse(body));
        // nock destroys the socket with an error thrown here.
        if (fault.error) throw Object.assign(new Error(fault.error.message), { code: fault.error.code });
        return [fault.status!, fault.body as nock.ReplyBody, fault.headers ?? {}];
      });
    }
  }
  const scope = nock(API).persist();
  for (const method of ['GET', 'POST', 'PATCH', 'DELETE'] as const) {
    scope.intercept(() => true, method).reply((uri, body) => {
      const reply = fake.handle(method, uri, parse(body));
      return [reply.status, reply.body as nock.ReplyBody, reply.headers ?? {}];
    });
  }
}
