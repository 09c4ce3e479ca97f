/**
 * The app as an organization's service: settings checked first, the durable queue (BullMQ on
 * Redis when REDIS_URL is set, in process otherwise), health, readiness and metrics routes,
 * errors that escape every handler logged and counted instead of killing the process, and a
 * drain on SIGTERM (stop taking work, let running jobs finish or hand them back, then exit).
 */
import { run, type Probot } from 'probot';
import { createQueue } from '../service/create-queue.js';
import { createApp } from './app.js';
import { serviceRoutes } from './http-routes.js';
import { createMetrics } from './metrics.js';
import { AppOctokit } from './octokit.js';
import { serviceQueue } from './service-queue.js';
import { readSettings } from './settings.js';
import { useMarkerSecret } from './signing.js';
import { observeGitHub } from '../github/observe.js';

export async function startService(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const check = readSettings(env);
  for (const warning of check.warnings) console.warn(`k8s-antipatterns-bot: ${warning}`);
  if (!check.settings) {
    console.error(`k8s-antipatterns-bot cannot start:\n${check.problems.map((p) => `- ${p}`).join('\n')}\nSee .env.example for every variable.`);
    process.exitCode = 1;
    return;
  }
  const settings = check.settings;
  // Probot reads WEBHOOK_SECRET itself: it must see the checked value, never fall back on its own.
  env.WEBHOOK_SECRET = settings.webhookSecret;
  useMarkerSecret(settings.webhookSecret);

  // Until Probot's logger exists, the queue's errors (Redis unreachable at start) go to stderr.
  let logError = (message: string): void => console.error(`k8s-antipatterns-bot: ${message}`);
  let queue: ReturnType<typeof createQueue>;
  try {
    queue = createQueue(env, { onError: quietly((message) => logError(`work queue: ${message}`)) });
  } catch (error) {
    console.error(`k8s-antipatterns-bot cannot start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const metrics = createMetrics(async () => ({ ...(await queue.counts()) }));
  observeGitHub((o) => metrics.github(o));
  let draining = false;
  let probot: Probot | undefined;
  const app = createApp({
    onLoad: (loaded) => void (probot = loaded),
    queue: serviceQueue(queue, settings.concurrency),
    instrument: metrics.instrument,
    onWebhook: (event, outcome) => metrics.webhooks.inc({ event, outcome }),
    onReviewed: (result) => {
      for (const f of result.findings) if (f.onDiff && !f.suppressed) metrics.findings.inc({ rule: f.rule, severity: f.severity });
    },
    routes: serviceRoutes({ ready: () => !draining && queue.ready(), registry: metrics.registry }),
  });
  const server = await run(app, { Octokit: AppOctokit });
  const log = probot!.log;
  logError = (message) => log.error(message);
  log.info(`queue: ${queue.kind === 'redis' ? 'BullMQ on Redis' : 'in process (set REDIS_URL for a durable queue shared by replicas)'}, ${settings.concurrency} job(s) at once`);

  // A dependency's stray rejection is logged and counted; it must not take every review down.
  process.on('unhandledRejection', (reason) => {
    metrics.escaped.inc({ type: 'unhandledRejection' });
    log.error(`unhandled rejection (the process goes on): ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
  });
  // After an uncaught exception the process state is unknown: drain and exit, jobs are handed back.
  process.on('uncaughtException', (error) => {
    metrics.escaped.inc({ type: 'uncaughtException' });
    log.fatal(`uncaught exception, shutting down: ${error.stack ?? error.message}`);
    void shutdown(1);
  });

  const shutdown = async (code: number): Promise<void> => {
    if (draining) return;
    draining = true;
    log.info(`draining: no new jobs, up to ${settings.shutdownMs / 1000} s for the running ones`);
    const timer = setTimeout(() => process.exit(code || 1), settings.shutdownMs + 5_000);
    timer.unref();
    try {
      await queue.close(settings.shutdownMs);
      await server.stop();
    } catch (error) {
      log.error(`shutdown: ${(error as Error).message}`);
    }
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
}

/**
 * While Redis is away every connection reports each reconnection attempt: the same message is
 * logged once per 30 seconds, with how many times it was seen meanwhile.
 */
export function quietly(write: (message: string) => void, windowMs = 30_000, now = Date.now): (error: Error) => void {
  const seen = new Map<string, { until: number; repeats: number }>();
  return (error) => {
    const message = error.message || String(error);
    const t = now();
    const entry = seen.get(message);
    if (entry && t < entry.until) {
      entry.repeats++;
      return;
    }
    if (seen.size > 100) seen.clear();
    seen.set(message, { until: t + windowMs, repeats: 0 });
    write(entry && entry.repeats > 0 ? `${message} (${entry.repeats} more time(s) in the last ${Math.round(windowMs / 1000)} s)` : message);
  };
}
