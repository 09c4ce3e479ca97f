/** Rules of the issue "Rules beyond YAML": shell scripts, Makefiles and CI pipelines. */
import type { Rule } from '../../src/engine/rule.js';
import chartFromGitPath from '../chart-from-git-path.js';
import ciPushLatest from '../ci-push-latest.js';
import deployWithoutVerification from '../deploy-without-verification.js';
import helmAsTemplater from '../helm-as-templater.js';
import imperativeKubectl from '../imperative-kubectl.js';
import kubectlDebuggingInPipeline from '../kubectl-debugging-in-pipeline.js';
import pipelineMixesInfraAndApp from '../pipeline-mixes-infra-and-app.js';
import previewEnvWithoutTeardown from '../preview-env-without-teardown.js';
import pushBasedDeploy from '../push-based-deploy.js';
import sharedStagingDeployFromPr from '../shared-staging-deploy-from-pr.js';

export const pipelinesRules: readonly Rule[] = [
  chartFromGitPath,
  ciPushLatest,
  deployWithoutVerification,
  helmAsTemplater,
  imperativeKubectl,
  kubectlDebuggingInPipeline,
  pipelineMixesInfraAndApp,
  previewEnvWithoutTeardown,
  pushBasedDeploy,
  sharedStagingDeployFromPr,
];
