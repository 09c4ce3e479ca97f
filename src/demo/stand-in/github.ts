/**
 * A small, in-memory GitHub: just the REST and GraphQL calls this app makes, with GitHub's
 * answers and rules where they matter (a review comment off the diff is a 422 for the whole
 * review). It serves the demo, and the tests compute nock replies from it. Every request is
 * recorded, so a test can count what a review costs.
 */
import { createHash } from 'node:crypto';
import { patchOf, pullFiles, type FakeFile, type Tree, type PullFilesOptions } from './repo.js';
import { answerGraphql } from './graphql.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakePull {
  number: number;
  baseSha: string;
  headSha: string;
  draft: boolean;
  state: 'open' | 'closed';
  fork: boolean;
  files: FakeFile[];
  options: PullFilesOptions;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  external_id?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: Array<Record<string, unknown>>;
}

export interface ReviewComment {
  path: string;
  line: number;
  start_line?: number;
  body: string;
}

export interface ReviewRecord {
  id: number;
  pull: number;
  commit_id: string;
  event: string;
  body: string;
  comments: ReviewComment[];
  mine: boolean;
}

export interface ThreadRecord {
  id: string;
  pull: number;
  path: string;
  line: number;
  isResolved: boolean;
  comments: Array<{ body: string; mine: boolean }>;
}

export class FakeGitHub {
  readonly owner: string;
  readonly repo: string;
  htmlUrl: string;
  readonly commits = new Map<string, Tree>();
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: CheckRunRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly threads: ThreadRecord[] = [];
  readonly requests: string[] = [];
  /** `.github/k8s-antipatterns.yml` on the default branch, if any. */
  config: string | undefined;
  /** GraphQL cuts blob texts longer than this (`isTruncated`). */
  truncateAt = 512 * 1024;
  private nextId = 1000;

  constructor(options: { owner?: string; repo?: string; htmlBase?: string } = {}) {
    this.owner = options.owner ?? 'octo-org';
    this.repo = options.repo ?? 'deploy-configs';
    this.htmlUrl = `${options.htmlBase ?? 'https://github.com'}/${this.owner}/${this.repo}`;
  }

  commit(tree: Tree): string {
    const sha = createHash('sha1').update(JSON.stringify(Object.entries(tree).sort())).digest('hex');
    this.commits.set(sha, tree);
    return sha;
  }

  addPull(init: { number: number; base: Tree; head: Tree; draft?: boolean; state?: 'open' | 'closed'; fork?: boolean } & PullFilesOptions): FakePull {
    const pull: FakePull = {
      number: init.number, baseSha: this.commit(init.base), headSha: this.commit(init.head), draft: init.draft ?? false,
      state: init.state ?? 'open', fork: init.fork ?? false, files: [], options: { renames: init.renames, withoutPatch: init.withoutPatch },
    };
    pull.files = pullFiles(init.base, init.head, pull.options);
    this.pulls.set(pull.number, pull);
    return pull;
  }

  /** A new head commit on the pull request. */
  push(number: number, head: Tree): string {
    const pull = this.pull(number);
    pull.headSha = this.commit(head);
    pull.files = pullFiles(this.commits.get(pull.baseSha)!, head, pull.options);
    return pull.headSha;
  }

  pull(number: number): FakePull {
    const pull = this.pulls.get(number);
    if (!pull) throw new Error(`no pull request #${number}`);
    return pull;
  }

  id(): number {
    return this.nextId++;
  }

  /** Answers one request. `path` is the API path after the base URL, with its query string. */
  handle(method: string, path: string, body: unknown): Reply {
    const url = new URL(path, 'http://stand-in');
    this.requests.push(`${method} ${url.pathname}`);
    const route = `${method} ${decodeURIComponent(url.pathname)}`;
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    let m: RegExpExecArray | null;
    if (method === 'POST' && /\/graphql$/.test(url.pathname)) return answerGraphql(this, body as { query: string; variables?: Record<string, unknown> });
    if ((m = /^POST \/app\/installations\/(\d+)\/access_tokens$/.exec(route))) {
      return { status: 201, body: { token: 'ghs_standin', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { checks: 'write', pull_requests: 'write', contents: 'read', metadata: 'read' }, repository_selection: 'all' } };
    }
    if (route === `POST ${repoPath}/check-runs`) return this.createCheckRun(body as Record<string, unknown>);
    if ((m = new RegExp(`^PATCH ${repoPath}/check-runs/(\\d+)$`).exec(route))) return this.updateCheckRun(Number(m[1]), body as Record<string, unknown>);
    if ((m = new RegExp(`^GET ${repoPath}/check-runs/(\\d+)$`).exec(route))) {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      return run ? { status: 200, body: this.checkRunJson(run) } : { status: 404, body: { message: 'Not Found' } };
    }
    if ((m = new RegExp(`^GET ${repoPath}/commits/([0-9a-f]+)/check-runs$`).exec(route))) {
      const name = url.searchParams.get('check_name');
      const runs = this.checkRuns.filter((r) => r.head_sha === m![1] && (name === null || r.name === name)).reverse();
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => this.checkRunJson(r)) } };
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(route))) return this.contents(m[1]!, m[2]!, m[3]!, url.searchParams.get('ref'));
    if ((m = new RegExp(`^GET ${repoPath}/pulls/(\\d+)/files$`).exec(route))) return this.files(Number(m[1]), url.searchParams);
    if ((m = new RegExp(`^GET ${repoPath}/pulls/(\\d+)$`).exec(route))) return { status: 200, body: this.pullJson(this.pull(Number(m[1]))) };
    if (route === `GET ${repoPath}/pulls`) return { status: 200, body: [...this.pulls.values()].filter((p) => p.state === 'open').map((p) => this.pullJson(p)) };
    if ((m = new RegExp(`^GET ${repoPath}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)$`).exec(route))) return { status: 200, body: { merge_base_commit: { sha: m[1] } } };
    if ((m = new RegExp(`^POST ${repoPath}/pulls/(\\d+)/reviews$`).exec(route))) return this.createReview(Number(m[1]), body as Record<string, unknown>);
    if ((m = new RegExp(`^GET ${repoPath}/git/trees/([0-9a-f]+)$`).exec(route))) {
      const tree = this.commits.get(m[1]!);
      if (!tree) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { sha: m[1], truncated: false, tree: Object.keys(tree).sort().map((path) => ({ path, mode: '100644', type: 'blob', sha: '0'.repeat(40) })) } };
    }
    return { status: 404, body: { message: `Not Found (stand-in has no ${route})` } };
  }

  pullJson(p: FakePull): Record<string, unknown> {
    const headRepo = p.fork ? `contributor/${this.repo}` : `${this.owner}/${this.repo}`;
    return {
      number: p.number, state: p.state, draft: p.draft, changed_files: p.files.length,
      html_url: `${this.htmlUrl}/pull/${p.number}`,
      head: { sha: p.headSha, ref: 'feature', repo: { full_name: headRepo, fork: p.fork } },
      base: { sha: p.baseSha, ref: 'main', repo: { full_name: `${this.owner}/${this.repo}` } },
    };
  }

  private createCheckRun(body: Record<string, unknown>): Reply {
    const run: CheckRunRecord = { id: this.id(), name: String(body.name), head_sha: String(body.head_sha), status: String(body.status ?? 'queued'), output: {}, annotations: [] };
    if (typeof body.external_id === 'string') run.external_id = body.external_id;
    this.applyOutput(run, body);
    this.checkRuns.push(run);
    return { status: 201, body: this.checkRunJson(run) };
  }

  /** A check run as the REST API shows it (newest first in lists). */
  private checkRunJson(run: CheckRunRecord): Record<string, unknown> {
    return {
      id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion ?? null, external_id: run.external_id ?? '',
      html_url: `${this.htmlUrl}/runs/${run.id}`, output: { title: run.output.title ?? null, summary: run.output.summary ?? null, annotations_count: run.annotations.length },
    };
  }

  private updateCheckRun(id: number, body: Record<string, unknown>): Reply {
    const run = this.checkRuns.find((r) => r.id === id);
    if (!run) return { status: 404, body: { message: 'Not Found' } };
    const annotations = (body.output as { annotations?: unknown[] } | undefined)?.annotations ?? [];
    if (annotations.length > 50) return { status: 422, body: { message: 'Only 50 annotations are allowed per request' } };
    if (body.status) run.status = String(body.status);
    if (body.conclusion) run.conclusion = String(body.conclusion);
    this.applyOutput(run, body);
    return { status: 200, body: this.checkRunJson(run) };
  }

  private applyOutput(run: CheckRunRecord, body: Record<string, unknown>): void {
    const output = body.output as { title?: string; summary?: string; text?: string; annotations?: Array<Record<string, unknown>> } | undefined;
    if (!output) return;
    for (const key of ['summary', 'text'] as const) {
      if ((output[key]?.length ?? 0) > 65_535) throw new Error(`check run ${key} over 65,535 characters`);
    }
    run.output = { title: output.title, summary: output.summary, text: output.text ?? run.output.text };
    run.annotations.push(...(output.annotations ?? []));
  }

  private contents(owner: string, repo: string, path: string, ref: string | null): Reply {
    if (owner !== this.owner || repo !== this.repo) return { status: 404, body: { message: 'Not Found' } };
    const text = ref ? this.commits.get(ref)?.[path] : path === '.github/k8s-antipatterns.yml' ? this.config : undefined;
    if (text === undefined) return { status: 404, body: { message: 'Not Found' } };
    return { status: 200, body: text, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' } };
  }

  private files(number: number, query: URLSearchParams): Reply {
    const perPage = Number(query.get('per_page') ?? 30), page = Number(query.get('page') ?? 1);
    // GitHub lists at most 3,000 files of a pull request.
    const listed = this.pull(number).files.slice(0, 3000);
    return { status: 200, body: listed.slice((page - 1) * perPage, page * perPage) };
  }

  private createReview(number: number, body: Record<string, unknown>): Reply {
    const pull = this.pull(number);
    const comments = (body.comments as Array<Record<string, unknown>> | undefined ?? []).map((c) => ({ path: String(c.path), line: Number(c.line), start_line: c.start_line === undefined ? undefined : Number(c.start_line), body: String(c.body) }));
    for (const c of comments) {
      if (!this.onDiff(pull, c)) return { status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } };
    }
    const review: ReviewRecord = { id: this.id(), pull: number, commit_id: String(body.commit_id ?? pull.headSha), event: String(body.event ?? 'COMMENT'), body: String(body.body ?? ''), comments, mine: true };
    this.reviews.push(review);
    for (const c of comments) this.threads.push({ id: `PRRT_${this.id()}`, pull: number, path: c.path, line: c.line, isResolved: false, comments: [{ body: c.body, mine: true }] });
    return { status: 200, body: { id: review.id, state: review.event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED' } };
  }

  /** GitHub's rule: a comment's lines must lie in one hunk of the file's diff. */
  private onDiff(pull: FakePull, c: ReviewComment): boolean {
    const file = pull.files.find((f) => f.filename === c.path);
    if (!file?.patch) return false;
    const base = this.commits.get(pull.baseSha)?.[file.previous_filename ?? file.filename];
    const head = this.commits.get(pull.headSha)?.[file.filename];
    const start = c.start_line ?? c.line;
    return patchOf(base, head).hunks.some((h) => h.start <= start && c.line <= h.end);
  }
}
