/**
 * The service's settings from its environment, checked before anything starts: a missing or
 * empty variable is named, never replaced by a default that works. In particular an empty
 * WEBHOOK_SECRET would let anyone who knows Probot's fallback forge deliveries (and commands in
 * a maintainer's name), so it is refused unless NODE_ENV=development says this is a laptop.
 */
export interface Settings {
  webhookSecret: string;
  redisUrl?: string;
  /** Jobs run at once by this replica. */
  concurrency: number;
  /** How long SIGTERM waits for running jobs before handing them back. */
  shutdownMs: number;
  development: boolean;
}

export interface SettingsCheck {
  settings?: Settings;
  problems: string[];
  warnings: string[];
}

const DEV_SECRET = 'development';

export function readSettings(env: NodeJS.ProcessEnv): SettingsCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const development = env.NODE_ENV === 'development';
  if (!env.APP_ID?.trim() || !/^\d+$/.test(env.APP_ID.trim())) problems.push('APP_ID is missing or not a number: set it to the App ID from the GitHub App\'s settings page.');
  if (!env.PRIVATE_KEY?.trim() && !env.PRIVATE_KEY_PATH?.trim()) problems.push('PRIVATE_KEY (or PRIVATE_KEY_PATH) is missing: set it to the GitHub App\'s private key (PEM).');
  let secret = env.WEBHOOK_SECRET ?? '';
  if (secret.trim() === '' || secret === DEV_SECRET) {
    if (development) {
      warnings.push('WEBHOOK_SECRET is not set: using the development secret. Never run like this where GitHub or anyone else can reach the app.');
      secret = DEV_SECRET;
    } else {
      problems.push('WEBHOOK_SECRET is missing or empty (or the well-known "development"): set it to the secret configured for the GitHub App\'s webhook. Only NODE_ENV=development allows running without one.');
    }
  } else if (secret.length < 16) {
    warnings.push('WEBHOOK_SECRET is shorter than 16 characters: use a long random value.');
  }
  const concurrency = positiveInt(env.WORKER_CONCURRENCY, 2, 'WORKER_CONCURRENCY', problems);
  const shutdownSeconds = positiveInt(env.SHUTDOWN_TIMEOUT_SECONDS, 25, 'SHUTDOWN_TIMEOUT_SECONDS', problems);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://.');
  if (problems.length > 0) return { problems, warnings };
  return {
    problems, warnings,
    settings: { webhookSecret: secret, concurrency, shutdownMs: shutdownSeconds * 1000, development, ...(redisUrl ? { redisUrl } : {}) },
  };
}

function positiveInt(raw: string | undefined, fallback: number, name: string, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    problems.push(`${name} must be a whole number of at least 1 (got "${raw}").`);
    return fallback;
  }
  return value;
}
