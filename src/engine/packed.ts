/**
 * An outcome whose findings are kept serialized (bytes off the JavaScript heap) until they are
 * written: while the other files of a large input are reviewed, the heap that parses and checks
 * holds little that lives long, and at the end one file's findings are unpacked at a time.
 */
import { deserialize, serialize } from 'node:v8';
import type { Finding } from '../model/types.js';
import type { FileOutcome } from './file-pass.js';

export interface PackedOutcome extends Omit<FileOutcome, 'findings'> {
  packed: Uint8Array;
}

export function pack(outcome: FileOutcome): PackedOutcome {
  const { findings, ...rest } = outcome;
  return { ...rest, packed: serialize(findings) };
}

export function unpackFindings(outcome: FileOutcome | PackedOutcome): Finding[] {
  return 'packed' in outcome ? (deserialize(outcome.packed) as Finding[]) : outcome.findings;
}
