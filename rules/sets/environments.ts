/** Rules about environments: environment-named image tags, shared staging namespaces, prod/non-prod separation. */
import type { Rule } from '../../src/engine/rule.js';
import hardcodedEnvNamespace from '../hardcoded-env-namespace.js';
import imageEnvTag from '../image-env-tag.js';
import namespaceWithoutNetworkPolicy from '../namespace-without-network-policy.js';
import nonprodReferencesProd from '../nonprod-references-prod.js';
import prodAndNonprodSameCluster from '../prod-and-nonprod-same-cluster.js';

export const environmentsRules: readonly Rule[] = [
  hardcodedEnvNamespace,
  imageEnvTag,
  namespaceWithoutNetworkPolicy,
  nonprodReferencesProd,
  prodAndNonprodSameCluster,
];
