/** Rules of the engine issue: latest tags, resources and probes. */
import type { Rule } from '../../src/engine/rule.js';
import imageLatestTag from '../image-latest-tag.js';
import missingCpuLimit from '../missing-cpu-limit.js';
import missingCpuRequest from '../missing-cpu-request.js';
import missingLivenessProbe from '../missing-liveness-probe.js';
import missingMemoryLimit from '../missing-memory-limit.js';
import missingMemoryRequest from '../missing-memory-request.js';
import missingReadinessProbe from '../missing-readiness-probe.js';
import requestsExceedLimits from '../requests-exceed-limits.js';
import sameLivenessReadiness from '../same-liveness-readiness.js';

export const coreRules: readonly Rule[] = [
  imageLatestTag,
  missingCpuLimit,
  missingCpuRequest,
  missingLivenessProbe,
  missingMemoryLimit,
  missingMemoryRequest,
  missingReadinessProbe,
  requestsExceedLimits,
  sameLivenessReadiness,
];
