/**
 * Prometheus metrics of the service (prom-client): Node's defaults, the jobs by kind and
 * outcome with their durations, the queue's depth, and errors that escaped every handler.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TaskRunner } from './task-queue.js';
import type { RequestObservation } from '../github/observe.js';

export interface Metrics {
  registry: Registry;
  escaped: Counter<'type'>;
  /** Webhooks by event and what became of them (queued, joined, ignored, error). */
  webhooks: Counter<'event' | 'outcome'>;
  findings: Counter<'rule' | 'severity'>;
  github(o: RequestObservation): void;
  /** The runner, counting and timing each job. */
  instrument(runner: TaskRunner): TaskRunner;
}

export function createMetrics(queueCounts: () => Promise<Record<string, number>>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({ name: 'k8s_antipatterns_jobs_total', help: 'Jobs run, by kind and outcome (ok, error, failed for good).', labelNames: ['kind', 'outcome'] as const, registers: [registry] });
  const duration = new Histogram({ name: 'k8s_antipatterns_job_duration_seconds', help: 'Time a job ran, by kind.', labelNames: ['kind'] as const, buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers: [registry] });
  const escaped = new Counter({ name: 'k8s_antipatterns_escaped_errors_total', help: 'Errors no handler caught (unhandled rejections, uncaught exceptions).', labelNames: ['type'] as const, registers: [registry] });
  new Gauge({
    name: 'k8s_antipatterns_queue_jobs', help: 'Jobs in the queue, by state.', labelNames: ['state'] as const, registers: [registry],
    async collect() {
      const counts = await queueCounts().catch(() => ({}) as Record<string, number>);
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  const webhooks = new Counter({ name: 'k8s_antipatterns_webhooks_total', help: 'Webhook deliveries by event and outcome (queued, joined an existing job, ignored, error).', labelNames: ['event', 'outcome'] as const, registers: [registry] });
  const findings = new Counter({ name: 'k8s_antipatterns_findings_total', help: 'Findings on changed lines, by rule and severity.', labelNames: ['rule', 'severity'] as const, registers: [registry] });
  const requests = new Counter({ name: 'k8s_antipatterns_github_requests_total', help: 'GitHub API requests by route and status (0: no answer).', labelNames: ['route', 'status'] as const, registers: [registry] });
  const remaining = new Gauge({ name: 'k8s_antipatterns_github_rate_limit_remaining', help: 'Requests left in the rate limit window, as GitHub last said.', registers: [registry] });
  return {
    registry, escaped, webhooks, findings,
    github(o) {
      requests.inc({ route: o.route, status: String(o.status) });
      if (o.rateLimitRemaining !== undefined) remaining.set(o.rateLimitRemaining);
    },
    instrument(runner) {
      return {
        async run(job) {
          const stop = duration.startTimer({ kind: job.data.kind });
          try {
            await runner.run(job);
            jobs.inc({ kind: job.data.kind, outcome: 'ok' });
          } catch (error) {
            jobs.inc({ kind: job.data.kind, outcome: 'error' });
            throw error;
          } finally {
            stop();
          }
        },
        async failed(job, error) {
          jobs.inc({ kind: job.data.kind, outcome: 'failed' });
          await runner.failed(job, error);
        },
      };
    },
  };
}
