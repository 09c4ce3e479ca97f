/** Rules of the secrets issue (anti-pattern 14), plus chart values resources and chart versions. */
import type { Rule } from '../../src/engine/rule.js';
import buildSecretAtRuntime from '../build-secret-at-runtime.js';
import chartVersionNotBumped from '../chart-version-not-bumped.js';
import hardcodedCredential from '../hardcoded-credential.js';
import helmValuesEmptyResources from '../helm-values-empty-resources.js';
import mixedSecretStrategies from '../mixed-secret-strategies.js';
import plaintextSecretManifest from '../plaintext-secret-manifest.js';
import secretInConfigmap from '../secret-in-configmap.js';
import secretInEnvValue from '../secret-in-env-value.js';
import secretInHelmValues from '../secret-in-helm-values.js';

export const secretsRules: readonly Rule[] = [
  buildSecretAtRuntime,
  chartVersionNotBumped,
  hardcodedCredential,
  helmValuesEmptyResources,
  mixedSecretStrategies,
  plaintextSecretManifest,
  secretInConfigmap,
  secretInEnvValue,
  secretInHelmValues,
];
