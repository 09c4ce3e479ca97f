/**
 * Publishing the review as a check run through the REST API, when the job's token may write
 * checks. Workflow-command annotations are capped by GitHub at 10 of each kind per step; a check
 * run takes every annotation, 50 per request. Plain fetch: no client library in the bundle.
 */
import type { Finding } from '../model/types.js';
import { ANNOTATIONS_PER_REQUEST, annotationOrder, LEVEL, type Annotation } from '../report/annotations.js';
import { docsUrl } from '../report/links.js';

export const CHECK_NAME = 'Kubernetes anti-patterns';
/** A check run's summary holds at most 65,535 characters. */
const MAX_SUMMARY = 65_000;

export interface Api {
  /** GITHUB_API_URL, e.g. https://api.github.com */
  url: string;
  token: string;
  /** owner/name */
  repository: string;
}

export interface CheckRunInput {
  headSha: string;
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  findings: readonly Finding[];
}

export type Published = { ok: true; url?: string; requests: number } | { ok: false; reason: string; readOnly: boolean };

export function annotationOf(f: Finding): Annotation {
  return {
    path: f.file, start_line: f.line, end_line: f.endLine, annotation_level: LEVEL[f.severity],
    title: `${f.rule} (anti-pattern ${f.antipattern})`,
    message: `${f.message}\n\nWhy and how to fix it: ${docsUrl(f.rule)}`,
  };
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function publishCheckRun(api: Api, input: CheckRunInput): Promise<Published> {
  // Errors first, spread across files, as the App: if a request fails midway, what matters most is in.
  const annotations = annotationOrder(input.findings).map(annotationOf);
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  const summary = input.summary.length > MAX_SUMMARY ? `${input.summary.slice(0, MAX_SUMMARY)}\n\n…(cut to fit a check run)` : input.summary;
  const output = (batch: Annotation[]) => ({ title: input.title, summary, annotations: batch });
  const done = { status: 'completed', conclusion: input.conclusion, completed_at: new Date().toISOString() };
  let requests = 0;
  const call = async (method: 'POST' | 'PATCH', path: string, body: unknown): Promise<{ id?: number; html_url?: string }> => {
    requests++;
    const response = await fetch(`${api.url.replace(/\/+$/, '')}/repos/${api.repository}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json',
        'x-github-api-version': '2022-11-28', 'user-agent': 'k8s-antipatterns-action',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new HttpError(response.status, `${method} check run: HTTP ${response.status} ${message}`);
    }
    return text ? (JSON.parse(text) as { id?: number; html_url?: string }) : {};
  };
  let id: number | undefined;
  try {
    const [first, ...rest] = batches;
    const created = await call('POST', '/check-runs', {
      name: CHECK_NAME, head_sha: input.headSha, ...(rest.length === 0 ? done : { status: 'in_progress' }), output: output(first!),
    });
    if (created.id === undefined) throw new HttpError(0, 'POST check run: no id in the answer');
    id = rest.length > 0 ? created.id : undefined;
    for (const [i, batch] of rest.entries()) {
      await call('PATCH', `/check-runs/${created.id}`, { ...(i === rest.length - 1 ? done : {}), output: output(batch) });
    }
    return { ok: true, url: created.html_url, requests };
  } catch (error) {
    // Never leave a check run in progress: complete it without the annotations that did not go.
    if (id !== undefined) {
      await call('PATCH', `/check-runs/${id}`, { ...done, output: { title: input.title, summary: `${summary}\n\nNot every annotation could be published (${(error as Error).message}); the workflow's job summary lists every finding.` } }).catch(() => undefined);
    }
    const status = error instanceof HttpError ? error.status : 0;
    // 403 "Resource not accessible by integration": a fork's pull request, or `checks: read`.
    return { ok: false, reason: (error as Error).message, readOnly: status === 403 || status === 404 };
  }
}
