/** Rules of the issue "Rules beyond YAML": Dockerfiles, Terraform and application source. */
import type { Rule } from '../../src/engine/rule.js';
import appHardcodedClusterDns from '../app-hardcoded-cluster-dns.js';
import appUsesKubeApi from '../app-uses-kube-api.js';
import dockerfileBakedConfig from '../dockerfile-baked-config.js';
import dockerfileBaseLatest from '../dockerfile-base-latest.js';
import dockerfileBuildSecret from '../dockerfile-build-secret.js';
import dockerfileEnvConfigFile from '../dockerfile-env-config-file.js';
import terraformDeploysApps from '../terraform-deploys-apps.js';

export const buildtimeRules: readonly Rule[] = [
  appHardcodedClusterDns,
  appUsesKubeApi,
  dockerfileBakedConfig,
  dockerfileBaseLatest,
  dockerfileBuildSecret,
  dockerfileEnvConfigFile,
  terraformDeploysApps,
];
