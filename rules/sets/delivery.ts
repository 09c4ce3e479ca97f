/** Rule set "delivery" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const deliveryRules: readonly Rule[] = [];
