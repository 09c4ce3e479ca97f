/**
 * Reading Helm-masked YAML for workload rules: whether template actions may add keys to a map we
 * see, and whether a line only renders when a value turns it on.
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import { lineSpan, type YAMLMap } from '../parse/yaml.js';
import { templateActions } from '../parse/helm-mask.js';

/** Actions that only steer rendering (conditions, loops, variables, comments) and print nothing. */
const SILENT = /^\{\{-?\s*(if|else|end|with|range|define|block|break|continue|\/\*|\$[\w.]*\s*:?=)/;

/** True when the line prints template output (an `include`, a `toYaml`, a value). */
export function printsOutput(line: string): boolean {
  return templateActions(line).some(({ start, end }) => !SILENT.test(line.slice(start, end)));
}

/**
 * True when a line holding only template actions prints output among the map's own keys, not
 * inside one of its values: `{{- toYaml .Values.extra | nindent 6 }}` may add any key there.
 * Lines indented deeper than the keys belong to a nested value; `if`/`with`/`end` print nothing.
 */
export function mayHideKeys(file: ParsedFile, map: YAMLMap | undefined): boolean {
  const actions = file.templateActionLines;
  if (!map || !file.yaml || !actions || actions.size === 0) return false;
  const span = lineSpan(file.yaml, map);
  const start = map.range?.[0];
  if (!span || start === undefined) return false;
  const keyColumn = file.yaml.lineCounter.linePos(start).col - 1;
  let [first, last] = span;
  // Actions right above the first key or below the last one still belong to this map.
  while (actions.has(first - 1)) first--;
  while (actions.has(last + 1)) last++;
  const inner: Array<[number, number]> = [];
  for (const pair of map.items) {
    const key = lineSpan(file.yaml, pair.key as YAMLMap | undefined);
    const value = lineSpan(file.yaml, pair.value as YAMLMap | undefined);
    if (key && value && value[1] > key[0]) inner.push([key[0] + 1, value[1]]);
  }
  for (let line = first; line <= last; line++) {
    if (!actions.has(line) || inner.some(([a, b]) => a <= line && line <= b)) continue;
    const text = file.lines[line - 1] ?? '';
    const indent = text.length - text.trimStart().length;
    if (indent <= keyColumn && printsOutput(text)) return true;
  }
  return false;
}

const CONTROL = /\{\{-?\s*(if|with|range|else|end)\b/g;

/**
 * True when `line` sits inside an `if`/`with`/`range` block (or an `else` branch) that opens at or
 * after `from`: the chart renders it only when a value asks for it, so it is an option, not a
 * default.
 */
export function isConditional(file: ParsedFile, line: number, from: number): boolean {
  if (!file.templateActionLines || file.templateActionLines.size === 0) return false;
  let depth = 0;
  for (let l = line - 1; l >= Math.max(1, from); l--) {
    const words = [...(file.lines[l - 1] ?? '').matchAll(CONTROL)].map((m) => m[1]!).reverse();
    for (const word of words) {
      if (word === 'end') depth++;
      else if (word === 'else') {
        if (depth === 0) return true;
      } else if (depth === 0) return true;
      else depth--;
    }
  }
  return false;
}
