/**
 * The repository config, read through Probot's `context.config` from the default branch only (so
 * a pull request cannot switch off its own review), with the org-wide `.github` repository and
 * `_extends` handled by Probot. Problems become a ConfigError with a message for the check run.
 */
import { ConfigError, parseConfig, validateConfig, type Config } from '../config/config.js';
import { KNOWN_RULE_IDS } from '../engine/registry.js';
import { statusOf } from '../github/client.js';
import type { ChangedFile } from '../model/types.js';

export const CONFIG_FILE = 'k8s-antipatterns.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export async function loadConfig(read: () => Promise<unknown>): Promise<Config> {
  let raw: unknown;
  try {
    raw = await read();
  } catch (error) {
    // Probot's config plugin throws plain errors for YAML it cannot read; GitHub failures have a status.
    if (statusOf(error) !== undefined) throw error;
    throw new ConfigError((error as Error).message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, ''));
  }
  return validateConfig(raw, KNOWN_RULE_IDS);
}

/** A pull request that edits the config: say that it applies after merge, and check the new text. */
export function configEditNote(files: readonly ChangedFile[]): string | undefined {
  const edited = files.find((f) => f.path === CONFIG_PATH && f.status !== 'unchanged');
  if (!edited) return undefined;
  const base = `This pull request edits \`${CONFIG_PATH}\`; the review uses the default branch's version until it is merged.`;
  if (edited.text === undefined) return base;
  try {
    parseConfig(edited.text, KNOWN_RULE_IDS);
    return `${base} The new version is valid.`;
  } catch (error) {
    return `${base} **The new version has a problem:** ${(error as Error).message}`;
  }
}
