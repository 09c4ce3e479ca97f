/**
 * Hidden fingerprint markers in the bot's comments and review bodies. They say which findings
 * were already posted, so a new push, a re-run or a redelivered webhook never repeats one. Only
 * markers in text this app wrote count (the caller checks authorship): anyone can quote a marker.
 */
const MARKER = /<!-- k8s-antipatterns:fp=([0-9a-z,-]+) -->/g;

export function marker(fingerprints: readonly string[]): string {
  return `<!-- k8s-antipatterns:fp=${fingerprints.join(',')} -->`;
}

export function fingerprintsIn(body: string): string[] {
  const out: string[] = [];
  for (const match of body.matchAll(MARKER)) out.push(...match[1]!.split(',').filter(Boolean));
  return out;
}
