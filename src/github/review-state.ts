/**
 * What the pull request looks like right before we publish: its current head (results for an
 * older head are dropped), whether it is still open or a draft, and the review threads and
 * reviews this app wrote before (their hidden markers say which findings were already posted),
 * and the newest conversation comments (the app's replies to commands carry waiver markers).
 * One GraphQL query, paged only when a pull request has more than 100 threads.
 */
import type { GitHub, RepoRef } from './client.js';

export interface ThreadComment {
  mine: boolean;
  body: string;
  /** The comment's GraphQL node id (`node_id` in webhooks), when asked for. */
  nodeId?: string;
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
  /** The newest comments of the pull request's conversation (replies to commands, waivers). */
  conversation: ThreadComment[];
  /** Cursor for conversation comments older than those, when there are more. */
  conversationBefore?: string;
}

const QUERY = `query ReviewState($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      headRefOid state isDraft
      reviews(last: 100) { nodes { viewerDidAuthor body commit { oid } } }
      comments(last: 100) { pageInfo { hasPreviousPage startCursor } nodes { viewerDidAuthor body } }
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id path isResolved comments(first: 50) { nodes { id viewerDidAuthor body } } }
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
      comments?: ConversationPage;
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ id: string; path: string; isResolved: boolean; comments: { nodes: CommentNode[] } }>;
      };
    } | null;
  } | null;
}

interface CommentNode {
  id?: string;
  viewerDidAuthor: boolean;
  body: string;
}

/** A page of conversation comments, newest last (read backwards from the end). */
export interface ConversationPage {
  pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
  nodes: CommentNode[];
}

const MAX_THREAD_PAGES = 10;

export function commentOf(node: CommentNode): ThreadComment {
  const comment: ThreadComment = { mine: node.viewerDidAuthor, body: node.body };
  if (node.id) comment.nodeId = node.id;
  return comment;
}

export async function fetchReviewState(gh: GitHub, repo: RepoRef, number: number): Promise<ReviewState> {
  let after: string | null = null;
  let state: ReviewState | undefined;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: Response = await gh.graphql<Response>(QUERY, { owner: repo.owner, name: repo.repo, number, after });
    const pull = data.repository?.pullRequest;
    if (!pull) throw new Error(`pull request #${number} not found`);
    if (!state) {
      state = {
        headSha: pull.headRefOid, state: pull.state, isDraft: pull.isDraft, threads: [],
        reviews: pull.reviews.nodes.map((r) => ({ mine: r.viewerDidAuthor, body: r.body, commit: r.commit?.oid })),
        conversation: pull.comments?.nodes.map(commentOf) ?? [],
      };
      if (pull.comments?.pageInfo.hasPreviousPage && pull.comments.pageInfo.startCursor) state.conversationBefore = pull.comments.pageInfo.startCursor;
    }
    for (const t of pull.reviewThreads.nodes) {
      state.threads.push({ id: t.id, path: t.path, isResolved: t.isResolved, comments: t.comments.nodes.map(commentOf) });
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
