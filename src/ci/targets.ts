/**
 * Where a pipeline deploys: names built from the pull request (a preview environment), fixed
 * names of shared environments (staging, qa...), and the cluster a job switched to.
 */
import { kubectlCall, positional } from '../shell/kube.js';
import { operands } from '../shell/deploy.js';
import type { ShellCommand, ShellScript } from '../shell/script.js';
import type { CiJob, CiPipeline, CiStep } from './model.js';
import { someGithubExpression } from './expressions.js';

/**
 * Values unique to one pull request, inside a `${{ ... }}` expression. The expression is found in
 * code and only its body searched: `\$\{\{[^}]*\b(...)\b[^}]*\}\}` in one pattern was cubic on
 * a value of unclosed `${{github.head_ref.b`.
 */
const PR_EXPRESSION = /\b(github\.event\.number|github\.event\.pull_request\.number|github\.event\.pull_request\.head\.ref|github\.head_ref)\b/;
const PR_VARIABLES = ['CI_MERGE_REQUEST_IID', 'CI_MERGE_REQUEST_ID', 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME', 'CI_MERGE_REQUEST_SOURCE_BRANCH_SLUG', 'GITHUB_HEAD_REF', 'PR_NUMBER', 'PULL_REQUEST_NUMBER'];
/** Branch names: unique to a pull request only in a job that runs for pull requests. */
const BRANCH_VARIABLES = ['CI_COMMIT_REF_SLUG', 'CI_COMMIT_REF_NAME', 'CI_ENVIRONMENT_SLUG', 'GITHUB_REF_NAME'];
const BRANCH_EXPRESSION = /\bgithub\.ref_name\b/;

const isWordChar = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

/**
 * True when the text reads variable `name`: `$NAME`, `${NAME}` or `${{ env.NAME }}`. Found with
 * `indexOf`, not a `RegExp` built from the name: names come from the workflow (env keys), and a
 * key such as `(a+)+` would have been compiled as a pattern.
 */
function readsVariable(text: string, name: string): boolean {
  if (name === '') return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    // `\b` after the name, as the patterns had it.
    if (isWordChar(name[name.length - 1]) === isWordChar(text[end])) continue;
    if (text[at - 1] === '$' || (text[at - 1] === '{' && text[at - 2] === '$')) return true;
    if (text.slice(at - 4, at) === 'env.') {
      let open = at - 4;
      while (open > 0 && /\s/.test(text[open - 1]!)) open--;
      if (text.slice(open - 3, open) === '${{') return true;
    }
  }
  return false;
}

function references(text: string, names: Iterable<string>): boolean {
  for (const name of names) if (readsVariable(text, name)) return true;
  return false;
}

/** Decides whether a value names something per pull request, given the variables set from one. */
export interface PrNames {
  isPerPr(raw: string): boolean;
}

/**
 * Variables of a job that hold a per-PR value (`NS: pr-${{ github.event.number }}`,
 * `export NS=review-$CI_MERGE_REQUEST_IID`), followed through one another.
 */
export function prNames(pipeline: CiPipeline | undefined, job: CiJob | undefined, script: ShellScript, prJob: boolean): PrNames {
  const derived = new Set<string>(PR_VARIABLES);
  if (prJob) BRANCH_VARIABLES.forEach((v) => derived.add(v));
  const direct = (raw: string): boolean =>
    someGithubExpression(raw, (body) => PR_EXPRESSION.test(body) || (prJob && BRANCH_EXPRESSION.test(body))) || references(raw, derived);
  const sources: Array<[string, string]> = [
    ...Object.entries(pipeline?.env ?? {}), ...Object.entries(job?.env ?? {}),
    ...(job?.steps ?? []).flatMap((s: CiStep) => Object.entries(s.env)),
    ...script.assignments.map((a): [string, string] => [a.name, a.raw]),
  ];
  for (let round = 0; round < 3; round++) {
    for (const [name, value] of sources) if (!derived.has(name) && direct(value)) derived.add(name);
  }
  return { isPerPr: direct };
}

/** Environment words of shared, long-lived non-production environments. */
const SHARED_ENV = new Set(['staging', 'stage', 'stg', 'qa', 'uat', 'test', 'testing', 'dev', 'develop', 'development', 'integration', 'int', 'preprod', 'shared', 'sandbox']);

/** The shared environment a fixed name refers to (`staging`, `app-qa`), if any. */
export function sharedEnvironment(value: string | undefined): string | undefined {
  if (!value || /[$\u00a7]/.test(value)) return undefined;
  return value.toLowerCase().split(/[-_./:\s]+/).find((token) => SHARED_ENV.has(token));
}

/** The cluster a command points later commands at: `kubectl config use-context x`, `aws eks update-kubeconfig --name x`... */
export function clusterSwitch(command: ShellCommand): { value: string; dynamic: boolean } | undefined {
  const kubectl = kubectlCall(command);
  if (kubectl && positional(kubectl, 0) === 'config' && positional(kubectl, 1) === 'use-context') {
    const word = kubectl.positionals[2];
    return word ? { value: word.value, dynamic: word.dynamic } : undefined;
  }
  const words = operands(command);
  const named = (flags: string[]): { value: string; dynamic: boolean } | undefined => {
    const index = command.argv.findIndex((w) => flags.includes(w));
    const word = index >= 0 ? command.words[index + 1] : undefined;
    return word ? { value: word.value, dynamic: word.dynamic } : undefined;
  };
  if (command.name === 'aws' && words.includes('update-kubeconfig')) return named(['--name', '--alias']);
  if (command.name === 'az' && words.includes('get-credentials')) return named(['--name', '-n']);
  if (command.name === 'gcloud' && words.includes('get-credentials')) {
    const index = command.argv.indexOf('get-credentials');
    const word = command.words[index + 1];
    return word && !word.value.startsWith('-') ? { value: word.value, dynamic: word.dynamic } : undefined;
  }
  return undefined;
}
