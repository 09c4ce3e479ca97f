/** Rule set "manifests" (filled as its rules land). */
import type { Rule } from '../../src/engine/rule.js';

export const manifestsRules: readonly Rule[] = [];
