/** Builds engine inputs for tests: files as wholly new, or as a diff against a base text. */
import type { Change, ChangedFile } from '../../src/model/types.js';
import { changedFileFromTexts } from '../../src/diff/patch.js';

export function added(path: string, text: string): ChangedFile {
  return { path, status: 'added', text, changedLines: 'all' };
}

export function modified(path: string, baseText: string, text: string): ChangedFile {
  return changedFileFromTexts(path, baseText, text);
}

export function context(path: string, text: string): ChangedFile {
  return { path, status: 'unchanged', text, changedLines: new Set() };
}

export function changeOf(...files: ChangedFile[]): Change {
  return { files };
}
