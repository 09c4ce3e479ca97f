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
  return `[\`${path}\` line ${line}](${lineUrl(links, path, line)})`;
}
