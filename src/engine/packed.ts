/**
 * An outcome whose findings and gathered facts are kept serialized (bytes off the JavaScript heap)
 * until they are used: while the other files of a large input are reviewed, the heap that parses
 * and checks holds little that lives long; at the end one rule's facts, then one file's findings,
 * are unpacked at a time.
 */
import { deserialize, serialize } from 'node:v8';
import type { Finding } from '../model/types.js';
import type { FileOutcome } from './file-pass.js';

export interface PackedOutcome extends Omit<FileOutcome, 'findings' | 'gathered'> {
  packed: Uint8Array;
  /** What each cross-file rule gathered, serialized per rule: finish unpacks one rule's at a time. */
  gathered: Array<[number, Uint8Array]>;
}

export function pack(outcome: FileOutcome): PackedOutcome {
  const { findings, gathered, ...rest } = outcome;
  return { ...rest, packed: serialize(findings), gathered: gathered.map(([rule, values]) => [rule, serialize(values)]) };
}

/** The values one file gathered for the rule at `index`. */
export function gatheredFor(outcome: FileOutcome | PackedOutcome, index: number): unknown[] {
  const out: unknown[] = [];
  for (const [rule, values] of outcome.gathered) {
    if (rule !== index) continue;
    for (const value of values instanceof Uint8Array ? (deserialize(values) as unknown[]) : values) out.push(value);
  }
  return out;
}

export function unpackFindings(outcome: FileOutcome | PackedOutcome): Finding[] {
  return 'packed' in outcome ? (deserialize(outcome.packed) as Finding[]) : outcome.findings;
}
