/**
 * An outcome whose findings and gathered facts are kept serialized (bytes off the JavaScript heap)
 * until they are used: while the other files of a large input are reviewed, the heap that parses
 * and checks holds little that lives long; at the end one rule's facts, then one file's findings,
 * are unpacked at a time. Large packs are deflated: findings repeat their rule ids, paths and
 * messages, and shrink about twelve times (1.2 MB in 3 ms); the 50 MB corpus's 180,000 findings
 * wait as about 8 MB instead of 95 MB.
 */
import { deserialize, serialize } from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Finding } from '../model/types.js';
import type { FileOutcome } from './file-pass.js';

export interface PackedOutcome extends Omit<FileOutcome, 'findings' | 'gathered' | 'tentative'> {
  packed: Uint8Array;
  /** What each cross-file rule gathered, serialized per rule: finish unpacks one rule's at a time. */
  gathered: Array<[number, Uint8Array]>;
  tentative: Array<[number, Uint8Array]>;
}

/** Smaller packs are left as they are: deflating them would cost more than it saves. */
const DEFLATE_FROM_BYTES = 16 * 1024;
/** V8's serialization begins with its version tag; a raw deflate stream never does (0xFF would name a block type that does not exist). */
const V8_VERSION_TAG = 0xff;

function toBytes(value: unknown): Uint8Array {
  const bytes = serialize(value);
  return bytes.length >= DEFLATE_FROM_BYTES ? deflateRawSync(bytes, { level: 1 }) : bytes;
}

function fromBytes(bytes: Uint8Array): unknown {
  return deserialize(bytes[0] === V8_VERSION_TAG ? bytes : inflateRawSync(bytes));
}

export function pack(outcome: FileOutcome): PackedOutcome {
  const { findings, gathered, tentative, head, result, ...rest } = outcome;
  return {
    ...rest,
    // Copied: a string cut from the file's text (the anchor line, a name) would keep the whole text alive.
    head: structuredClone(head), ...(result ? { result: structuredClone(result) } : {}),
    packed: toBytes(findings), gathered: gathered.map(([rule, values]) => [rule, toBytes(values)]),
    tentative: tentative.map(([rule, values]) => [rule, toBytes(values)]),
  };
}

/** The values one file gathered for the rule at `index`. */
export function gatheredFor(outcome: FileOutcome | PackedOutcome, index: number): unknown[] {
  const out: unknown[] = [];
  for (const [rule, values] of outcome.gathered) {
    if (rule !== index) continue;
    for (const value of values instanceof Uint8Array ? (fromBytes(values) as unknown[]) : values) out.push(value);
  }
  return out;
}

/** The file's own findings, then the tentative findings of rules that did not withdraw them. */
export function unpackFindings(outcome: FileOutcome | PackedOutcome, withdrawn: ReadonlySet<number> = new Set()): Finding[] {
  // A new list every time: a part may be read more than once (the text report reads twice).
  const own = 'packed' in outcome ? (fromBytes(outcome.packed) as Finding[]) : [...outcome.findings];
  for (const [rule, findings] of outcome.tentative) {
    if (withdrawn.has(rule)) continue;
    for (const finding of findings instanceof Uint8Array ? (fromBytes(findings) as Finding[]) : findings) own.push(finding);
  }
  return own;
}
