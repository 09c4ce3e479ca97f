/**
 * The check run `Kubernetes anti-patterns` on the head SHA: created in progress at once, given
 * its annotations 50 per request (GitHub's limit; each update appends), completed last.
 * https://docs.github.com/en/rest/checks/runs#update-a-check-run
 */
import type { GitHub, RepoRef } from '../github/client.js';
import type { CheckReport } from './check-output.js';

/** Branch protection matches required checks by this name: never change it. */
export const CHECK_NAME = 'Kubernetes anti-patterns';
export const ANNOTATIONS_PER_REQUEST = 50;

export interface CheckRun {
  id: number;
  url: string;
}

export async function startCheckRun(gh: GitHub, repo: RepoRef, headSha: string): Promise<CheckRun> {
  const { data } = await gh.request('POST /repos/{owner}/{repo}/check-runs', {
    ...repo, name: CHECK_NAME, head_sha: headSha, status: 'in_progress', started_at: new Date().toISOString(),
    output: { title: 'Reviewing the changed files…', summary: 'The review has started; results appear here when it ends.' },
  });
  return { id: Number(data.id), url: data.html_url ?? '' };
}

export async function finishCheckRun(gh: GitHub, repo: RepoRef, run: CheckRun, report: CheckReport): Promise<void> {
  const batches: CheckReport['annotations'][] = [];
  for (let i = 0; i < report.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(report.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  const output = { title: report.title, summary: report.summary };
  for (const [i, annotations] of batches.entries()) {
    const last = i === batches.length - 1;
    await gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo, check_run_id: run.id,
      ...(last ? { status: 'completed' as const, conclusion: report.conclusion, completed_at: new Date().toISOString() } : {}),
      output: { ...output, ...(last && report.text ? { text: report.text } : {}), ...(annotations.length > 0 ? { annotations } : {}) },
    });
  }
}
