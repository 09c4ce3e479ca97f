/** Rule set "buildtime" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const buildtimeRules: readonly Rule[] = [];
