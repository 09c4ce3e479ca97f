/** Turning raw bytes into reviewable text, or a reason to skip them. */
import { MAX_FILE_BYTES } from '../engine/analyze.js';

export type Content = { text: string } | { skip: string };

/** Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the text. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function toContent(bytes: Buffer): Content {
  if (bytes.length > MAX_FILE_BYTES) return { skip: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
  // Git's own heuristic: a NUL byte in the first 8000 bytes means binary.
  if (bytes.subarray(0, 8000).includes(0)) return { skip: 'binary file' };
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  return { text: body.toString('utf8') };
}
