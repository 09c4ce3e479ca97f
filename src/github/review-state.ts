/**
 * What the pull request looks like right before we publish: its current head (results for an
 * older head are dropped), whether it is still open or a draft, and the review threads and
 * reviews this app wrote before (their hidden markers say which findings were already posted).
 * One GraphQL query, paged only when a pull request has more than 100 threads.
 */
import type { GitHub, RepoRef } from './client.js';

export interface ThreadComment {
  mine: boolean;
  body: string;
}

export interface ReviewThread {
  id: string;
  path: string;
  isResolved: boolean;
  comments: ThreadComment[];
}

export interface PastReview {
  mine: boolean;
  body: string;
  commit?: string;
}

export interface ReviewState {
  headSha: string;
  state: string;
  isDraft: boolean;
  threads: ReviewThread[];
  reviews: PastReview[];
}

const QUERY = `query ReviewState($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      headRefOid state isDraft
      reviews(last: 100) { nodes { viewerDidAuthor body commit { oid } } }
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id path isResolved comments(first: 50) { nodes { viewerDidAuthor body } } }
      }
    }
  }
}`;

interface Response {
  repository: {
    pullRequest: {
      headRefOid: string;
      state: string;
      isDraft: boolean;
      reviews: { nodes: Array<{ viewerDidAuthor: boolean; body: string; commit: { oid: string } | null }> };
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ id: string; path: string; isResolved: boolean; comments: { nodes: Array<{ viewerDidAuthor: boolean; body: string }> } }>;
      };
    } | null;
  } | null;
}

const MAX_THREAD_PAGES = 10;

export async function fetchReviewState(gh: GitHub, repo: RepoRef, number: number): Promise<ReviewState> {
  let after: string | null = null;
  let state: ReviewState | undefined;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: Response = await gh.graphql<Response>(QUERY, { owner: repo.owner, name: repo.repo, number, after });
    const pull = data.repository?.pullRequest;
    if (!pull) throw new Error(`pull request #${number} not found`);
    state ??= {
      headSha: pull.headRefOid, state: pull.state, isDraft: pull.isDraft, threads: [],
      reviews: pull.reviews.nodes.map((r) => ({ mine: r.viewerDidAuthor, body: r.body, commit: r.commit?.oid })),
    };
    for (const t of pull.reviewThreads.nodes) {
      state.threads.push({ id: t.id, path: t.path, isResolved: t.isResolved, comments: t.comments.nodes.map((c) => ({ mine: c.viewerDidAuthor, body: c.body })) });
    }
    if (!pull.reviewThreads.pageInfo.hasNextPage) break;
    after = pull.reviewThreads.pageInfo.endCursor;
  }
  return state!;
}

/** Resolves threads in one request (one aliased mutation per thread). */
export async function resolveThreads(gh: GitHub, threadIds: readonly string[]): Promise<void> {
  if (threadIds.length === 0) return;
  const vars = threadIds.map((_, i) => `$t${i}: ID!`).join(', ');
  const fields = threadIds.map((_, i) => `r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id } }`).join(' ');
  const variables: Record<string, string> = {};
  threadIds.forEach((id, i) => (variables[`t${i}`] = id));
  await gh.graphql(`mutation ResolveThreads(${vars}) { ${fields} }`, variables);
}
