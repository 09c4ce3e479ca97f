/** Rule set "secrets" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const secretsRules: readonly Rule[] = [];
