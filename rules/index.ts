/**
 * The rule registry. Each set lists the modules of one area; a test checks that every module
 * in this folder is registered exactly once and that its file name is its id.
 */
import type { Rule } from '../src/engine/rule.js';
import { coreRules } from './sets/core.js';
import { workloadsRules } from './sets/workloads.js';
import { environmentsRules } from './sets/environments.js';
import { secretsRules } from './sets/secrets.js';
import { buildtimeRules } from './sets/buildtime.js';
import { pipelinesRules } from './sets/pipelines.js';

export const allRules: readonly Rule[] = [
  ...coreRules, ...workloadsRules, ...environmentsRules, ...secretsRules, ...buildtimeRules, ...pipelinesRules,
];
