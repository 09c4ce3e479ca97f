/**
 * The GitHub Action: reviews the pull request's (or push's) change in the checked-out repository
 * with the same engine, writes annotations as workflow commands, a job summary and, on request,
 * a SARIF file. Inputs arrive as INPUT_* variables, as the runner sets them.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { main as cli } from '../cli/main.js';
import { revisionsFromEvent } from './event.js';
import { jobSummary } from './summary.js';
import type { JsonReport } from '../report/json.js';
import type { Finding } from '../model/types.js';

export interface ActionEnv {
  [name: string]: string | undefined;
}

/** Returns the exit code; all output goes through `write`. */
export async function runAction(env: ActionEnv, write: (s: string) => void): Promise<number> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const input = (name: string) => env[`INPUT_${name.toUpperCase()}`]?.trim() || undefined;
  let revisions;
  try {
    revisions = revisionsFromEvent(env.GITHUB_EVENT_PATH, env.GITHUB_SHA ?? 'HEAD');
  } catch (error) {
    write(`::error::${(error as Error).message}\n`);
    return 2;
  }
  const common = ['--repo', workspace, '--head', revisions.head, ...(revisions.base ? ['--base', revisions.base] : []),
    ...(input('config') ? ['--config', input('config')!] : []), ...(input('fail-on') ? ['--fail-on', input('fail-on')!] : [])];
  let json = '';
  let errors = '';
  const io = { cwd: workspace, isTty: false };
  const code = await cli(['diff', ...common, '--format', 'json'], { ...io, stdout: (s) => { json += s; } }, (s) => { errors += s; });
  if (code === 2) {
    const hint = /unknown revision/.test(errors) ? ' Check out the full history (actions/checkout with fetch-depth: 0) so both revisions are present.' : '';
    write(`::error title=k8s-antipatterns::${errors.trim().replace(/\n/g, '%0A')}${hint}\n`);
    return 2;
  }
  // Same run again for the annotation and SARIF renderings: cheap, and keeps one code path.
  await cli(['diff', ...common, '--format', 'github'], { ...io, stdout: write }, () => undefined);
  const sarifPath = input('sarif');
  if (sarifPath) {
    let sarif = '';
    await cli(['diff', ...common, '--format', 'sarif'], { ...io, stdout: (s) => { sarif += s; } }, () => undefined);
    writeFileSync(resolve(workspace, sarifPath), sarif);
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const report = JSON.parse(json) as JsonReport;
    appendFileSync(env.GITHUB_STEP_SUMMARY, jobSummary(report.findings as Finding[], code === 1));
  }
  return code;
}

// The Action's entry point (action.yml runs this file).
if (process.env.GITHUB_ACTIONS === 'true' && process.argv[1]?.endsWith('action/main.js')) {
  runAction(process.env, (s) => process.stdout.write(s)).then((code) => {
    process.exitCode = code;
  });
}
