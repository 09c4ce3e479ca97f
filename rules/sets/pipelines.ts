/** Rule set "pipelines" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const pipelinesRules: readonly Rule[] = [];
