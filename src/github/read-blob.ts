/** Turns what GitHub returned for a file into text, or a reason it was not reviewed. */
import { MAX_FILE_BYTES } from '../engine/analyze.js';
import type { GitHub, RepoRef } from './client.js';
import type { Blob } from './git-objects.js';

export type Content = { text: string } | { skip: string };

export const TOO_LARGE = `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;

/**
 * GraphQL cuts long blob texts (`isTruncated`); such a file, when still small enough to review,
 * is read once more through the contents API, which serves files up to 100 MB as raw text.
 */
export async function contentOf(gh: GitHub, repo: RepoRef, sha: string, path: string, blob: Blob | null | undefined, refetch = true): Promise<Content> {
  if (!blob) return { skip: 'not a regular file at this commit' };
  if (blob.isBinary) return { skip: 'binary file' };
  if (blob.byteSize > MAX_FILE_BYTES) return { skip: TOO_LARGE };
  if (blob.text !== null && !blob.isTruncated) return { text: blob.text };
  if (!refetch) return { skip: 'not read (too long for one request)' };
  const { data } = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ref: sha, mediaType: { format: 'raw' } });
  return typeof data === 'string' ? { text: data } : { skip: 'not a regular file' };
}
