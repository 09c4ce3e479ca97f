/**
 * Which files of a pull request are worth downloading, decided by path alone (before any content
 * is read): the kinds the engine reviews, YAML that may be a manifest, extensionless files that
 * may be scripts, and, when a rule reads every text file, anything that is not plainly binary.
 */
import { posix } from 'node:path';
import { classify } from '../engine/classify.js';

const NO_TREE = { has: () => false };
const YAML = /\.ya?ml$/i;
const BINARY = /\.(png|jpe?g|gif|bmp|ico|icns|webp|tiff?|svgz|pdf|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|ear|class|so|dylib|dll|exe|o|a|bin|wasm|woff2?|ttf|otf|eot|mp[34]|m4a|mov|avi|mkv|webm|wav|ogg|flac|psd|sketch|fig|xcf|pyc|db|sqlite3?)$/i;
/** Generated lock files: large, machine-written, and no rule reads them. */
const LOCK_FILES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|Gemfile\.lock|poetry\.lock|composer\.lock|go\.sum|Pipfile\.lock|[^/]+\.lock)$/;
const NOT_SCRIPTS = /^(LICENSE|LICENCE|COPYING|NOTICE|AUTHORS|CODEOWNERS|OWNERS|README|CHANGELOG|CONTRIBUTING|VERSION)$/i;

export function mayBeRelevant(path: string, everyTextFile: boolean): boolean {
  if (BINARY.test(path) || LOCK_FILES.test(path)) return false;
  if (everyTextFile) return true;
  if (YAML.test(path)) return true;
  if (classify(path, '', NO_TREE) !== 'other') return true;
  const base = posix.basename(path);
  return !base.includes('.') && !NOT_SCRIPTS.test(base);
}
