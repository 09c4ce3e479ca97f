/**
 * Credential formats found by secretlint's recommended preset, used as a library. The scan is
 * cached per parsed file, so every rule that asks pays for one scan.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { ParsedFile } from '../engine/parsed-file.js';

export interface CredentialHit {
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  /** Offsets in the file text. */
  range: readonly [number, number];
  /** What was found, without the secret itself: "an AWS access key ID". */
  what: string;
  ruleId: string;
  messageId: string;
}

// secretlint's global profiler marks every scan in Node's performance timeline and keeps every
// entry in arrays of its own, forever: a long-running App leaks (5,000 scans: 180,000 marks,
// about 72 MB). We never read its timings, so it records nothing.
secretLintProfiler.mark = () => undefined;

/** @secretlint/types is not a direct dependency: take the config type from the function. */
type SecretLintCoreConfig = Parameters<typeof lintSource>[0]['options']['config'];

const AWS_RULE = '@secretlint/secretlint-rule-aws';

const CONFIG: SecretLintCoreConfig = {
  rules: [{
    id: '@secretlint/secretlint-rule-preset-recommend',
    rule: recommendedPreset,
    // The AWS rule reports access key IDs (AKIA...) and account IDs only with enableIDScanRule.
    // Key IDs are worth it; account IDs are not secrets and appear in every ARN: keep those off.
    rules: [{ id: AWS_RULE, options: { enableIDScanRule: true }, allowMessageIds: ['AWSAccountID'] }],
  }],
};

/** Our own words for secretlint's message ids; unknown ids fall back to the rule's name. */
const WHAT: Record<string, string> = {
  AWSAccessKeyID: 'an AWS access key ID',
  AWSSecretAccessKey: 'an AWS secret access key',
  PrivateKeyJSON: 'a GCP service account key',
  PrivateKeyP12: 'a GCP service account key',
  PrivateKey: 'a private key',
  NPM_ACCESS_TOKEN: 'an npm access token',
  Npmrc_authToken: 'an npm auth token',
  PackageJSON_xOauthToken: 'an OAuth token in a package.json URL',
  BasicAuth: 'a URL with a user name and password',
  SLACK_TOKEN: 'a Slack token',
  IncomingWebhook: 'a Slack incoming webhook URL',
  SENDGRID_KEY: 'a SendGrid API key',
  GITHUB_TOKEN: 'a GitHub token',
  OPENAI_TOKEN: 'an OpenAI API key',
  ANTHROPIC_API_KEY: 'an Anthropic API key',
  LINEAR_API_TOKEN: 'a Linear API key',
  SHOPIFY_KEY: 'a Shopify access token',
  OPS_TOKEN: 'a 1Password service account token',
  MongoDBConnection: 'a MongoDB connection string with a password',
  MySQLConnection: 'a MySQL connection string with a password',
  PostgreSQLConnection: 'a PostgreSQL connection string with a password',
};

/** By the file's lines, which the windows of a large manifest share: one scan per file. */
const cache = new WeakMap<readonly string[], Promise<CredentialHit[]>>();

/** Credentials in a file's text (head revision), scanned once per file; in a window, those on its lines. */
export async function credentialsIn(file: ParsedFile): Promise<CredentialHit[]> {
  let hits = cache.get(file.lines);
  if (!hits) cache.set(file.lines, (hits = scanText(file.text, file.path)));
  const window = file.window;
  return window ? (await hits).filter((hit) => hit.line >= window[0] && hit.line <= window[1]) : hits;
}

/**
 * The name secretlint is given instead of the real path. @secretlint/core marks timings with
 * `performance.mark('<step>::start||<file path>')` and its profiler finds the matching start mark
 * by a regular expression on `::end` (unanchored, and `.` stops at a newline). A pull request can
 * name a file `a::end.txt` or put a newline in a name: the profiler then measures from a mark that
 * does not exist, in a promise nobody awaits, and the unhandled rejection ends the process. A
 * fixed name cannot do that. The npm rule reads the name (package.json, package-lock.json and
 * .npmrc get extra checks), so those three are kept; nothing else is read by the preset.
 */
export function scanName(path: string): string {
  if (path.endsWith('package-lock.json')) return 'package-lock.json';
  if (path.endsWith('package.json')) return 'package.json';
  if (path.endsWith('.npmrc')) return '.npmrc';
  return 'file.txt';
}

export async function scanText(text: string, path: string): Promise<CredentialHit[]> {
  // A cheap pre-filter is not worth its risk: the preset scans 1 MB in about 20 ms.
  const result = await lintSource({
    source: { content: text, filePath: scanName(path), contentType: 'text' },
    // noPhysicFilePath: the P12 check would otherwise read the path from disk; the engine does no I/O.
    options: { config: CONFIG, noPhysicFilePath: true, maskSecrets: true },
  });
  return result.messages.map((m) => ({
    line: m.loc.start.line,
    endLine: Math.max(m.loc.start.line, m.loc.end.line),
    range: m.range,
    what: WHAT[m.messageId] ?? `a credential (${m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')})`,
    ruleId: m.ruleId,
    messageId: m.messageId,
  }));
}
