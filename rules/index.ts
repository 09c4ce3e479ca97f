/**
 * The rule registry. Each set lists the modules of one area; a test checks that every module
 * in this folder is registered exactly once and that its file name is its id.
 */
import type { Rule } from '../src/engine/rule.js';
import { coreRules } from './sets/core.js';
import { manifestsRules } from './sets/manifests.js';
import { secretsRules } from './sets/secrets.js';
import { deliveryRules } from './sets/delivery.js';

export const allRules: readonly Rule[] = [...coreRules, ...manifestsRules, ...secretsRules, ...deliveryRules];
