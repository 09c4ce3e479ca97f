/** Turning raw bytes into reviewable text, or a reason to skip them. */
import { MAX_FILE_BYTES } from '../engine/analyze.js';

export type Content = { text: string } | { skip: string };

export function toContent(bytes: Buffer): Content {
  if (bytes.length > MAX_FILE_BYTES) return { skip: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
  // Git's own heuristic: a NUL byte in the first 8000 bytes means binary.
  if (bytes.subarray(0, 8000).includes(0)) return { skip: 'binary file' };
  return { text: bytes.toString('utf8') };
}
