/**
 * Webhooks from the stand-in GitHub, as GitHub sends them: a `pull_request` payload built from
 * the stand-in's state, signed with the app's webhook secret (`X-Hub-Signature-256`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeGitHub } from './github.js';

export interface Delivery {
  event: string;
  /** `X-GitHub-Delivery`: GitHub keeps it for a redelivery of the same event. */
  id: string;
  payload: Record<string, unknown>;
}

/** A `pull_request` event for the pull request as the stand-in has it now (its current head). */
export function pullRequestDelivery(fake: FakeGitHub, number: number, action: 'opened' | 'synchronize' | 'reopened', options: { installationId?: number; title?: string } = {}): Delivery {
  const pull = fake.pullJson(fake.pull(number));
  const repository = { id: 1, name: fake.repo, full_name: `${fake.owner}/${fake.repo}`, html_url: fake.htmlUrl, owner: { login: fake.owner, type: 'Organization' }, default_branch: 'main' };
  return {
    event: 'pull_request',
    id: randomBytes(8).toString('hex'),
    payload: {
      action, number, installation: { id: options.installationId ?? 1 }, repository, sender: { login: 'octocat', type: 'User' },
      pull_request: { ...pull, title: options.title ?? `Pull request ${number}`, user: { login: 'octocat' } },
    },
  };
}

/** Posts the delivery to the app's webhook endpoint; resolves to the HTTP status of its answer. */
export async function sendDelivery(appUrl: string, secret: string, delivery: Delivery): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(`${appUrl}/api/github/webhooks`, {
    method: 'POST', body,
    headers: {
      'content-type': 'application/json', 'x-github-event': delivery.event, 'x-github-delivery': delivery.id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  });
  await response.arrayBuffer();
  return response.status;
}
