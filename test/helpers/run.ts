/** Runs the engine on small inputs the way rule tests need it. */
import { analyze } from '../../src/engine/analyze.js';
import { DEFAULT_CONFIG, type Config } from '../../src/config/config.js';
import type { ChangedFile, Finding } from '../../src/model/types.js';
import { added } from './change.js';

/** Findings of one rule for files given as wholly new (path → text). */
export async function findingsOf(rule: string, files: Record<string, string> | ChangedFile[], config: Partial<Config> = {}): Promise<Finding[]> {
  const list = Array.isArray(files) ? files : Object.entries(files).map(([path, text]) => added(path, text));
  const result = await analyze({ files: list }, { ...DEFAULT_CONFIG, ...config });
  return result.findings.filter((f) => f.rule === rule);
}

/** Shorthand: the lines a rule reports for a single file. */
export async function linesOf(rule: string, path: string, text: string, config: Partial<Config> = {}): Promise<number[]> {
  return (await findingsOf(rule, { [path]: text }, config)).map((f) => f.line);
}
