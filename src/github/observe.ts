/**
 * Reports every GitHub request's route (the URL template, so one series per endpoint, not per
 * repository), its status and the rate limit left, to whoever listens (the service's metrics).
 */
import type { Octokit } from '@octokit/core';
import { statusOf } from './client.js';

export interface RequestObservation {
  route: string;
  /** HTTP status; 0 when no answer came (a timeout, a network error). */
  status: number;
  rateLimitRemaining?: number;
}

let observer: ((o: RequestObservation) => void) | undefined;

export function observeGitHub(listener: ((o: RequestObservation) => void) | undefined): void {
  observer = listener;
}

interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
}

export function observePlugin(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    const route = `${options.method} ${options.url}`;
    const report = (answer: Answer | undefined, status: number) => {
      const remaining = Number(answer?.headers?.['x-ratelimit-remaining']);
      observer?.({ route, status, ...(Number.isFinite(remaining) ? { rateLimitRemaining: remaining } : {}) });
    };
    try {
      const response = await request(options);
      report(response as Answer, response.status);
      return response;
    } catch (error) {
      report((error as { response?: Answer }).response, statusOf(error) ?? 0);
      throw error;
    }
  });
}
