/**
 * Which of many label selectors may match a set of labels, without testing every selector: each
 * selector is filed under its rarest `key=value` pair, so a workload only meets the selectors
 * that share one of its labels. The candidates are a superset, in the items' order: callers still
 * test each with mayMatch.
 */
import { pushTo } from '../engine/context.js';
import type { Labels } from './metrics.js';

export type SelectorCandidates<T> = (labels: Labels) => T[];

export function selectorIndex<T>(items: readonly T[], selectorOf: (item: T) => Labels | undefined): SelectorCandidates<T> {
  const pair = (key: string, value: string): string => `${key}\u0000${value}`;
  const frequency = new Map<string, number>();
  for (const item of items) {
    for (const [key, value] of selectorOf(item)?.known ?? []) frequency.set(pair(key, value), (frequency.get(pair(key, value)) ?? 0) + 1);
  }
  // Positions in items: selectors with no known label match anything; the others sit in one bucket.
  const all: number[] = [];
  const always: number[] = [];
  const buckets = new Map<string, number[]>();
  items.forEach((item, i) => {
    const selector = selectorOf(item);
    if (!selector) return;
    all.push(i);
    let best: string | undefined;
    let bestCount = Infinity;
    for (const [key, value] of selector.known) {
      const count = frequency.get(pair(key, value))!;
      if (count < bestCount) [best, bestCount] = [pair(key, value), count];
    }
    if (best === undefined) always.push(i);
    else pushTo(buckets, best, i);
  });
  return (labels) => {
    // Labels we could not read fully may satisfy any selector.
    if (labels.partial) return all.map((i) => items[i]!);
    const found = [...always];
    for (const [key, value] of labels.known) for (const i of buckets.get(pair(key, value)) ?? []) found.push(i);
    return found.sort((a, b) => a - b).map((i) => items[i]!);
  };
}
