/**
 * The repository's `.github/k8s-antipatterns.yml` from its default branch, read the way Probot's
 * `context.config` reads it (the org's `.github` repository and `_extends` included), but from a
 * job that has an installation client and no webhook context.
 */
import type { GitHub, RepoRef } from '../github/client.js';
import { CONFIG_PATH } from './load-config.js';

interface ConfigPlugin {
  config: { get(params: RepoRef & { path: string }): Promise<{ config: unknown; files: Array<{ config: unknown }> }> };
}

export function repoConfigReader(gh: GitHub, repo: RepoRef): () => Promise<unknown> {
  return async () => {
    const { config, files } = await (gh as GitHub & ConfigPlugin).config.get({ ...repo, path: CONFIG_PATH });
    // As context.config: no file anywhere means no config (the defaults apply).
    return files.some((f) => f.config !== null) ? config : null;
  };
}
