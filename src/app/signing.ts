/**
 * The key that signs the app's hidden markers. It is derived from the webhook secret, which every
 * replica of one installation shares and no pull request author knows; a second, unrelated key
 * (HKDF with its own label) so that the secret itself never signs anything but webhooks.
 * Without a secret (tests, local development) each process makes a random key: its markers are
 * then trusted by that process only, which is safe, merely forgetful across restarts.
 */
import { hkdfSync, randomBytes } from 'node:crypto';

let key: Buffer | undefined;

export function useMarkerSecret(secret: string): void {
  key = Buffer.from(hkdfSync('sha256', secret, 'k8s-antipatterns-bot', 'comment markers v2', 32));
}

export function markerKey(): Buffer {
  return (key ??= randomBytes(32));
}
