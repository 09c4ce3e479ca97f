/** Rule set "environments" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const environmentsRules: readonly Rule[] = [];
