/**
 * The demo behind `npm run demo` (src/demo/main.ts): the real app server (Probot's, as `npm start` runs it) on 127.0.0.1, pointed
 * in GitHub Enterprise mode at a local stand-in GitHub that holds one pull request whose head is
 * examples/ (see pull-request.ts). It sends the app a signed `pull_request.opened` webhook, prints
 * the check run and the review as GitHub would show them, and stops everything it started.
 */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { run } from 'probot';
import app from '../app/app.js';
import { AppOctokit } from '../app/octokit.js';
import { plural } from '../report/summary.js';
import { FakeGitHub } from './stand-in/github.js';
import { startStandIn } from './stand-in/server.js';
import { printCheckRun, printReview } from './print.js';
import { demoPull } from './pull-request.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface DemoOutcome {
  /** 0 when the app completed its check run and posted its review. */
  code: number;
  /** The stand-in, with what the app did on it (check runs, reviews, requests). */
  github: FakeGitHub;
  /** Ports of the two servers; both are closed when the demo resolves. */
  ports: { standIn: number; app: number };
}

/** Runs the demo, writing what a person would see. */
export async function runDemo(write: (s: string) => void): Promise<DemoOutcome> {
  const demo = demoPull();
  const fake = new FakeGitHub({ owner: 'acme-shop', repo: 'shop' });
  const pull = fake.addPull({ number: 42, base: demo.base, head: demo.head });
  const standIn = await startStandIn(fake);
  fake.htmlUrl = `http://127.0.0.1:${standIn.port}/${fake.owner}/${fake.repo}`;

  const secret = randomBytes(16).toString('hex');
  const appPort = await freePort();
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;
  const server = await run(app, {
    Octokit: AppOctokit,
    env: {
      APP_ID: '1', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, HOST: '127.0.0.1', PORT: String(appPort),
      GHE_HOST: `127.0.0.1:${standIn.port}`, GHE_PROTOCOL: 'http', LOG_LEVEL: 'warn',
    },
  });
  try {
    write(`Stand-in GitHub on http://127.0.0.1:${standIn.port}, app on http://127.0.0.1:${appPort}.\n`);
    write(`Pull request #${pull.number}, "${demo.title}": examples/ as its head, ${plural(pull.files.length, 'file')} changed:\n`);
    for (const f of pull.files) write(`  ${f.filename.padEnd(48)} ${f.status.padEnd(9)} +${f.additions} -${f.deletions}\n`);
    write('\n');
    const body = JSON.stringify(webhookPayload(fake, pull.number, demo.title));
    const response = await fetch(`http://127.0.0.1:${appPort}/api/github/webhooks`, {
      method: 'POST', body,
      headers: {
        'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': randomBytes(8).toString('hex'),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
    });
    write(`The app answered the webhook with ${response.status}.\n\n`);
    // Past GitHub's 10-second webhook timeout the app answers 202 and goes on: wait for the result.
    for (let i = 0; i < 300 && fake.checkRuns.some((r) => r.status !== 'completed'); i++) await new Promise((r) => setTimeout(r, 100));
    for (const checkRun of fake.checkRuns) printCheckRun(checkRun, write);
    for (const review of fake.reviews) printReview(review, write, (path, line) => demo.head[path]?.split('\n')[line - 1]);
    write(`GitHub requests made by the app for this review: ${fake.requests.length} (${fake.requests.filter((r) => r.includes('graphql')).length} GraphQL).\n`);
    const reviewed = fake.checkRuns.length === 1 && fake.checkRuns[0]!.status === 'completed' && fake.reviews.length === 1;
    return { code: reviewed ? 0 : 1, github: fake, ports: { standIn: standIn.port, app: appPort } };
  } finally {
    try {
      await server.stop();
    } finally {
      await standIn.close();
    }
  }
}

function webhookPayload(fake: FakeGitHub, number: number, title: string): Record<string, unknown> {
  const pull = fake.pullJson(fake.pull(number));
  const repository = { id: 1, name: fake.repo, full_name: `${fake.owner}/${fake.repo}`, html_url: fake.htmlUrl, owner: { login: fake.owner, type: 'Organization' }, default_branch: 'main' };
  return {
    action: 'opened', number, installation: { id: 1 }, repository, sender: { login: 'octocat', type: 'User' },
    pull_request: { ...pull, title, user: { login: 'octocat' } },
  };
}
