/**
 * The Octokit the app runs with: Probot's, plus our retry plugin (src/github/retry.ts) in place of
 * Probot's retry plugin. Throttling stays on for pacing (GitHub's secondary limits: writes one
 * second apart) but hands rate-limit errors to our plugin, which waits for `retry-after`.
 */
import { ProbotOctokit } from 'probot';
import { retryPlugin } from '../github/retry.js';
import { observePlugin } from '../github/observe.js';

export const AppOctokit = ProbotOctokit.plugin(retryPlugin, observePlugin).defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object | undefined), onRateLimit: () => false, onSecondaryRateLimit: () => false },
}));
