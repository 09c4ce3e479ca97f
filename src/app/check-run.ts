/**
 * The check run `Kubernetes anti-patterns` on the head SHA: created in progress at once, given
 * its annotations 50 per request (GitHub's limit; each update appends), completed last.
 * https://docs.github.com/en/rest/checks/runs#update-a-check-run
 *
 * Neither write may happen twice: a second created run would stay "in progress" for ever, and
 * annotations sent twice show twice. So when GitHub's answer is lost (5xx, a timeout, a cut-off
 * body) these requests are not retried blindly: the run is looked up by its `external_id`, the
 * annotations by the run's `annotations_count`, and only what GitHub does not have is sent again.
 */
import { randomUUID } from 'node:crypto';
import { describeError, outcomeUnknown, type GitHub, type RepoRef } from '../github/client.js';
import { GITHUB_TEXT_LIMIT } from './fold.js';
import type { Annotation, CheckReport } from './check-output.js';
import { plural } from '../report/summary.js';
import { ANNOTATIONS_PER_REQUEST } from '../report/annotations.js';

/** Branch protection matches required checks by this name: never change it. */
export const CHECK_NAME = 'Kubernetes anti-patterns';

export interface CheckRun {
  id: number;
  url: string;
}

interface RunData {
  id?: unknown;
  html_url?: string | null;
  external_id?: string | null;
}

function runOf(data: RunData): CheckRun {
  const id = Number(data.id);
  if (!Number.isSafeInteger(id)) throw new Error('GitHub created a check run but its answer has no id');
  return { id, url: data.html_url ?? '' };
}

export async function startCheckRun(gh: GitHub, repo: RepoRef, headSha: string): Promise<CheckRun> {
  const externalId = `k8s-antipatterns:${randomUUID()}`;
  const create = async (): Promise<CheckRun> => {
    const { data } = await gh.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo, name: CHECK_NAME, head_sha: headSha, external_id: externalId, status: 'in_progress', started_at: new Date().toISOString(),
      output: { title: 'Reviewing the changed files…', summary: 'The review has started; results appear here when it ends.' },
      request: { retries: 0 },
    });
    return runOf(data);
  };
  try {
    return await create();
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    // GitHub may have created it before the answer was lost.
    return (await findRun(gh, repo, headSha, externalId)) ?? (await create());
  }
}

async function findRun(gh: GitHub, repo: RepoRef, headSha: string, externalId: string): Promise<CheckRun | undefined> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: headSha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
  const run = (data.check_runs as RunData[]).find((r) => r.external_id === externalId);
  return run ? runOf(run) : undefined;
}

/**
 * Writes the report: the annotations 50 at a time, then the completion with the last ones. When
 * GitHub refuses annotations, the run is completed without the rest, and its summary says so; when
 * it refuses the completion itself, the error is thrown (the caller has a shorter report to try).
 */
export async function finishCheckRun(gh: GitHub, repo: RepoRef, run: CheckRun, report: CheckReport): Promise<void> {
  const batches: Annotation[][] = [];
  for (let i = 0; i < report.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(report.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = { title: report.title, summary: report.summary };
  let added = 0;
  let refused: unknown;
  for (const annotations of batches.slice(0, -1)) {
    try {
      await update(gh, repo, run, { output: { ...output, annotations } }, added);
      added += annotations.length;
    } catch (error) {
      refused = error;
      break;
    }
  }
  const complete = (summary: string, annotations: Annotation[]) => ({
    status: 'completed' as const, conclusion: report.conclusion, completed_at: new Date().toISOString(),
    output: { title: report.title, summary, ...(report.text ? { text: report.text } : {}), ...(annotations.length > 0 ? { annotations } : {}) },
  });
  const last = refused === undefined ? batches[batches.length - 1] ?? [] : [];
  try {
    await update(gh, repo, run, complete(withNote(report.summary, refused, report.annotations.length - added), last), added, true);
    return;
  } catch (error) {
    if (last.length === 0) throw error;
    refused = error;
  }
  await update(gh, repo, run, complete(withNote(report.summary, refused, report.annotations.length - added), []), added, true);
}

interface Output {
  title: string;
  summary: string;
  text?: string;
  annotations?: Annotation[];
}

type Update = { output: Output } | { status: 'completed'; conclusion: CheckReport['conclusion']; completed_at: string; output: Output };

/**
 * One PATCH. With annotations it is sent once: if the answer is lost, the run's annotation count
 * tells whether GitHub took them, and only if not are they sent a second (last) time.
 */
async function update(gh: GitHub, repo: RepoRef, run: CheckRun, body: Update, before: number, completing = false): Promise<void> {
  const count = body.output.annotations?.length ?? 0;
  const send = () => gh.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: run.id, ...body, ...(count > 0 ? { request: { retries: 0 } } : {}) });
  try {
    await send();
  } catch (error) {
    if (count === 0 || !outcomeUnknown(error)) throw error;
    const { data } = await gh.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: run.id });
    const landed = (data.output?.annotations_count ?? 0) >= before + count && (!completing || data.status === 'completed');
    if (!landed) await send();
  }
}

/** The summary, with a first paragraph on the annotations GitHub did not take (when it refused some). */
function withNote(summary: string, refused: unknown, missing: number): string {
  if (refused === undefined || missing === 0) return summary;
  const note = `**${plural(missing, 'finding')} ${missing === 1 ? 'has' : 'have'} no annotation:** GitHub did not take them (${describeError(refused)}). Every finding is listed in this check run; a **Re-run** adds the annotations.`;
  const text = `${note}\n\n${summary}`;
  return text.length <= GITHUB_TEXT_LIMIT ? text : `${text.slice(0, GITHUB_TEXT_LIMIT - 2)}\n…`;
}
