/**
 * The app as a service: settings refused before start, health and metrics routes, and reviews
 * through the durable queue's in-process implementation (the same interface as BullMQ's):
 * webhooks are answered once the job is recorded, and a redelivery joins the job.
 */
import { describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { Registry } from 'prom-client';
import { createApp } from '../../src/app/app.js';
import { serviceRoutes } from '../../src/app/http-routes.js';
import { createMetrics } from '../../src/app/metrics.js';
import { serviceQueue } from '../../src/app/service-queue.js';
import { readSettings } from '../../src/app/settings.js';
import { recheckCause, RECHECK_WINDOW_MS } from '../../src/app/worker.js';
import { createMemoryQueue } from '../../src/service/memory-queue.js';
import { FakeGitHub } from '../../src/demo/stand-in/github.js';
import { GitHubMock, guardNetwork, pullRequestEvent, testProbot } from './helpers/github.js';
import { deployment, onlyRules, TWO_RULES } from './helpers/manifests.js';

guardNetwork();

const BASE = { APP_ID: '12', PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----' };

describe('settings', () => {
  test('an empty or missing WEBHOOK_SECRET is refused outside development, by name', () => {
    for (const secret of [undefined, '', '   ', 'development']) {
      const check = readSettings({ ...BASE, NODE_ENV: 'production', WEBHOOK_SECRET: secret });
      expect(check.settings).toBeUndefined();
      expect(check.problems.join('\n')).toMatch(/WEBHOOK_SECRET is missing or empty/);
    }
    const dev = readSettings({ ...BASE, NODE_ENV: 'development', WEBHOOK_SECRET: '' });
    expect(dev.settings?.webhookSecret).toBe('development');
    expect(dev.warnings.join('\n')).toMatch(/development secret/);
  });

  test('names every missing or invalid variable at once', () => {
    const check = readSettings({ WEBHOOK_SECRET: 'a-long-random-secret-value', WORKER_CONCURRENCY: '0', REDIS_URL: 'localhost:6379' });
    expect(check.problems).toEqual([
      expect.stringMatching(/^APP_ID/), expect.stringMatching(/^PRIVATE_KEY/), expect.stringMatching(/^WORKER_CONCURRENCY/), expect.stringMatching(/^REDIS_URL/),
    ]);
    const good = readSettings({ ...BASE, WEBHOOK_SECRET: 'a-long-random-secret-value', REDIS_URL: 'redis://redis:6379', SHUTDOWN_TIMEOUT_SECONDS: '10' });
    expect(good.settings).toEqual({ webhookSecret: 'a-long-random-secret-value', redisUrl: 'redis://redis:6379', concurrency: 2, shutdownMs: 10_000, development: false });
  });
});

describe('health, readiness and metrics', () => {
  async function serve(ready: () => boolean, registry: Registry): Promise<{ server: Server; url: string }> {
    const routes = serviceRoutes({ ready, registry });
    const server = createServer((req, res) => void routes(req, res).then((done) => done || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  test('/healthz answers while /readyz follows the queue and the drain; /metrics is Prometheus text', async () => {
    nock.enableNetConnect('127.0.0.1'); // our own local server only; guardNetwork disables it again
    let ready = false;
    const metrics = createMetrics(async () => ({ waiting: 3, active: 1 }));
    const { server, url } = await serve(() => ready, metrics.registry);
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toContain('k8s_antipatterns_queue_jobs{state="waiting"} 3');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`${url}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe('reviews through the in-process durable queue', () => {
  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(condition()).toBe(true);
  }

  test('the webhook records the job; the worker reviews; a redelivery joins the job; jobs are counted', async () => {
    const fake = new FakeGitHub();
    fake.config = onlyRules(TWO_RULES);
    const pull = fake.addPull({ number: 7, base: { 'README.md': '# x\n' }, head: { 'README.md': '# x\n', 'deploy/web.yaml': deployment('web', 'nginx:latest') } });
    const queue = createMemoryQueue();
    const metrics = createMetrics(async () => ({ ...(await queue.counts()) }));
    const probot = await testProbot(createApp({
      queue: serviceQueue(queue, 2), instrument: metrics.instrument,
      onWebhook: (event, outcome) => metrics.webhooks.inc({ event, outcome }),
      onReviewed: (result) => result.findings.forEach((f) => metrics.findings.inc({ rule: f.rule, severity: f.severity })),
    }));
    new GitHubMock(fake).standardReview(7);
    const event = pullRequestEvent('opened', fake, pull);
    await probot.receive(event);
    await probot.receive(event);
    await until(() => fake.checkRuns[0]?.status === 'completed');
    await queue.close(5_000);

    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'failure' });
    expect(fake.reviews).toHaveLength(1);
    expect(await metrics.registry.getSingleMetricAsString('k8s_antipatterns_jobs_total')).toContain('k8s_antipatterns_jobs_total{kind="review",outcome="ok"} 1');
    const webhooks = await metrics.registry.getSingleMetricAsString('k8s_antipatterns_webhooks_total');
    expect(webhooks).toContain('{event="pull_request.opened",outcome="queued"} 1');
    expect(webhooks).toContain('{event="pull_request.opened",outcome="joined"} 1');
    expect(await metrics.registry.getSingleMetricAsString('k8s_antipatterns_findings_total')).toContain('{rule="image-latest-tag",severity="error"} 1');
  });
});

test('rechecks that anyone asks for share one job per minute; waiver changes always get their own', () => {
  const t = 10 * RECHECK_WINDOW_MS;
  expect(recheckCause('asked', 1, t)).toBe(recheckCause('asked', 2, t + RECHECK_WINDOW_MS - 1));
  expect(recheckCause('asked', 1, t)).not.toBe(recheckCause('asked', 1, t + RECHECK_WINDOW_MS));
  expect(recheckCause('waivers', 1, t)).not.toBe(recheckCause('waivers', 2, t));
});
