/**
 * An outcome whose findings and gathered facts are kept serialized (bytes off the JavaScript heap)
 * while the other files of a large input are reviewed: the heap that parses and checks then holds
 * little that lives long, so its garbage is collected without growing it. Unpacked at the end.
 */
import { deserialize, serialize } from 'node:v8';
import type { FileOutcome } from './file-pass.js';

export interface PackedOutcome extends Omit<FileOutcome, 'findings' | 'gathered'> {
  packed: Uint8Array;
}

export function pack(outcome: FileOutcome): PackedOutcome {
  const { findings, gathered, ...rest } = outcome;
  return { ...rest, packed: serialize({ findings, gathered }) };
}

export function unpack(outcome: PackedOutcome): FileOutcome {
  const { packed, ...rest } = outcome;
  return { ...rest, ...(deserialize(packed) as Pick<FileOutcome, 'findings' | 'gathered'>) };
}
