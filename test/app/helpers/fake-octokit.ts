/** An Octokit whose requests go straight to the stand-in (for module tests without Probot or nock). */
import { Octokit } from '@octokit/core';
import type { FakeGitHub } from '../../../src/demo/stand-in/github.js';

export function fakeOctokit(fake: FakeGitHub): Octokit {
  const fetch = async (url: string | URL, init?: { method?: string; body?: unknown }): Promise<Response> => {
    const { pathname, search } = new URL(String(url));
    const body = typeof init?.body === 'string' && init.body !== '' ? JSON.parse(init.body) : null;
    const reply = fake.handle(init?.method ?? 'GET', pathname + search, body);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status, headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers } });
  };
  return new Octokit({ request: { fetch } });
}
