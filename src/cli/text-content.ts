/** Turning raw bytes into reviewable text, or a reason to skip them. */
import { MAX_FILE_BYTES } from '../engine/analyze.js';

export type Content = { text: string } | { skip: string };

/** Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the text. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** How many leading bytes decide whether a file is binary (git's own heuristic). */
export const BINARY_PROBE_BYTES = 8000;

/** Why a file of `size` bytes starting with `head` is not reviewed, if it is not. */
export function skipOf(size: number, head: Buffer): string | undefined {
  if (size > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  // A NUL byte among the first bytes means binary.
  if (head.subarray(0, BINARY_PROBE_BYTES).includes(0)) return 'binary file';
  return undefined;
}

export function toContent(bytes: Buffer): Content {
  const skip = skipOf(bytes.length, bytes);
  if (skip) return { skip };
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  return { text: body.toString('utf8') };
}
