import { codeSpan } from '../report/inert.js';

/** Links into the repository at the reviewed commit (works for GitHub Enterprise Server too). */
export interface Links {
  /** `repository.html_url` from the webhook. */
  repoUrl: string;
  sha: string;
  /** The check run's page, once created. */
  checkUrl?: string;
}

export function lineUrl(links: Links, path: string, line: number): string {
  return `${links.repoUrl}/blob/${links.sha}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

export function lineLink(links: Links, path: string, line: number): string {
  // The path is the pull request author's: a code span that nothing in it can close (code spans
  // bind more tightly than link brackets, so `]` in a path cannot end the link text either).
  return `[${codeSpan(path)} line ${line}](${lineUrl(links, path, line)})`;
}
