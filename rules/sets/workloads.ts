/** Rule set "workloads" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const workloadsRules: readonly Rule[] = [];
