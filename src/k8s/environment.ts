/**
 * Which environment a file, namespace or deployment target belongs to, read from the names people
 * give them: `overlays/prod/`, `values-staging.yaml`, namespace `orders-dev`, cluster `prod-eu-1`.
 * One helper for every environment-aware rule, so they all agree on what "production" means.
 */
import type { ParsedFile } from '../engine/parsed-file.js';
import { getPath, scalarString, type YNode } from '../parse/yaml.js';
import { isTemplated } from '../parse/helm-mask.js';
import type { K8sObject } from './objects.js';
import { gitopsTargets, type GitopsTarget } from './gitops.js';

export type Tier = 'production' | 'non-production';

export interface EnvironmentMatch {
  tier: Tier;
  /** Canonical name: `production`, `staging`, `dev`, `qa`, `test`, `uat`, `integration`, ... */
  name: string;
  /** The word as written (`prd`, `stg`, `orders-dev`), for messages. */
  written: string;
}

/** Words naming an environment, mapped to their canonical name. */
const WORDS: Readonly<Record<string, string>> = {
  prod: 'production', production: 'production', prd: 'production', live: 'production',
  preprod: 'preprod', nonprod: 'nonprod',
  staging: 'staging', stage: 'staging', stg: 'staging',
  dev: 'dev', development: 'dev',
  qa: 'qa', uat: 'uat', test: 'test', testing: 'test',
  integration: 'integration', preview: 'preview', sandbox: 'sandbox',
};

const PRODUCTION = new Set(['production']);

/** Tokens that may stand beside an environment word without changing its meaning (`prod-eu-west-1`). */
const QUALIFIER_WORDS = new Set(['k8s', 'eks', 'gke', 'aks', 'ocp', 'cluster', 'env', 'environment', 'values', 'overlay', 'region', 'zone', 'blue', 'green', 'primary', 'secondary', 'global', 'europe', 'asia', 'apac', 'emea', 'amer']);

/**
 * Letters then digits, checked in parts: one alternation of overlapping `[a-z]*` branches
 * backtracked for ages on a long token.
 */
function isQualifier(token: string): boolean {
  if (QUALIFIER_WORDS.has(token)) return true;
  const letters = withoutTrailingDigits(token);
  if (!/^[a-z]*$/.test(letters)) return false;
  const digits = token.length - letters.length;
  if (letters.length === 0) return digits > 0;
  if (letters.length <= 2 || (letters.length <= 4 && digits > 0)) return true;
  if (/north|south|east|west|central/.test(letters)) return true;
  return ['europe', 'asia', 'apac', 'emea', 'amer'].includes(letters);
}

/** `prod2` → `prod`, by hand: an unanchored `\d+$` retries at every digit of a long run. */
function withoutTrailingDigits(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) >= 48 && text.charCodeAt(end - 1) <= 57) end--;
  return text.slice(0, end);
}

function tokensOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/(^|[^a-z0-9])(pre|non)[-_.]?(prod|production)(?![a-z])/g, '$1$2prod')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The environment word of one token, allowing a trailing number (`prod2`, `dev01`). */
function wordOf(token: string): string | undefined {
  return WORDS[token] ?? WORDS[withoutTrailingDigits(token)];
}

function match(word: string, written: string): EnvironmentMatch {
  return { tier: PRODUCTION.has(word) ? 'production' : 'non-production', name: word, written };
}

/**
 * The environment named by one name: a folder, a namespace, a cluster. The name must be the
 * environment word, end with it (`orders-prod`), or start with it followed only by qualifiers such
 * as regions and numbers (`prod-eu-west-1`); `dev-tools`, `product` and `test-data` name none.
 */
export function environmentOfName(name: string, options: { suffixTest?: boolean } = {}): EnvironmentMatch | undefined {
  if (isTemplated(name)) return undefined;
  const tokens = tokensOf(name);
  if (tokens.length === 0) return undefined;
  const first = wordOf(tokens[0]!);
  if (first && tokens.slice(1).every(isQualifier)) return match(first, name);
  const lastToken = tokens[tokens.length - 1]!;
  const last = wordOf(lastToken);
  // `pod-test.yaml`, `connection-test` are tests of something, not a test environment;
  // `grafana-live`, `go-live` are features and events, not production.
  if (!last || lastToken.startsWith('live') || (last === 'test' && options.suffixTest === false)) return undefined;
  return match(last, name);
}

/** The environment of a path: the folder or file name nearest the file that names one. */
export function environmentOfPath(path: string): EnvironmentMatch | undefined {
  const segments = path.split('/').filter(Boolean);
  const base = segments.pop();
  if (base) {
    const stem = base.replace(/\.(ya?ml|json|tpl|sh|env|properties|conf)$/i, '');
    const found = environmentOfName(stem, { suffixTest: false });
    if (found) return found;
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const found = environmentOfName(segments[i]!, { suffixTest: false });
    if (found) return found;
  }
  return undefined;
}

export function environmentOfNamespace(namespace: string | undefined): EnvironmentMatch | undefined {
  return namespace ? environmentOfName(namespace) : undefined;
}

/** Path and namespace disagreeing (a `prod` namespace under `staging/`) is unknown, not a guess. */
function combine(a: EnvironmentMatch | undefined, b: EnvironmentMatch | undefined): EnvironmentMatch | undefined {
  if (a && b && a.tier !== b.tier) return undefined;
  return a ?? b;
}

/** The environment of one object: its file's path, or its namespace. */
export function environmentOfObject(file: ParsedFile, object: K8sObject): EnvironmentMatch | undefined {
  return combine(environmentOfPath(file.path), environmentOfNamespace(object.namespace));
}

/**
 * The environment of a whole file: its path; for a kustomization also its `namespace:`; for a
 * manifest the namespaces of its objects when they all agree; for Argo CD / Flux objects what
 * their targets deploy.
 */
export function environmentOfFile(file: ParsedFile): EnvironmentMatch | undefined {
  const byPath = environmentOfPath(file.path);
  let byContent: EnvironmentMatch | undefined;
  if (file.kind === 'gitops') {
    byContent = agreed(gitopsTargets(file).map((t) => environmentOfTarget(t, file.path)));
  } else if (file.kind === 'kustomization') {
    const doc = file.yaml?.docs[0];
    if (doc) byContent = environmentOfNamespace(scalarString(doc, getPath(doc, doc.contents as YNode, ['namespace'])));
  } else {
    byContent = agreed(file.objects.map((o) => environmentOfNamespace(o.namespace)));
  }
  return combine(byPath, byContent);
}

/** Every match of a list; undefined when they disagree on the tier. */
function agreed(matches: ReadonlyArray<EnvironmentMatch | undefined>): EnvironmentMatch | undefined {
  const found = matches.filter((m): m is EnvironmentMatch => m !== undefined);
  return found.length > 0 && found.every((m) => m.tier === found[0]!.tier) ? found[0] : undefined;
}

/**
 * What a GitOps target deploys: named by its app name, namespace, source paths, values files or
 * branch; failing those, by the folder of the file that declares it.
 */
export function environmentOfTarget(target: GitopsTarget, filePath: string): EnvironmentMatch | undefined {
  const names = target.appNames.filter((n) => !target.appPaths.includes(n)).map((n) => environmentOfName(n));
  const paths = target.appPaths.map((p) => environmentOfPath(p.replace(/^\.\//, '')));
  const all = [...names, ...paths];
  if (all.some(Boolean)) return agreed(all);
  return environmentOfPath(filePath);
}

/** What a cluster itself is for, by its name or API host (`prod-eu`, `api.staging.k8s.example.com`). */
export function environmentOfCluster(target: GitopsTarget): EnvironmentMatch | undefined {
  return agreed(target.clusterNames.flatMap((name) => name.split('.').map((label) => environmentOfName(label))));
}

/**
 * Environment names as image tags: `staging`, `prod-1.4.2`, `1.4.2-qa`, `dev-3f2a9c1`. A version
 * carrying other letters (`1.2.3-rc1`, `v2-alpine`, `sha-3f2a9c1`, `devel`) is not one, nor a
 * word that merely starts with an environment (`production-ready`). A `-dev` suffix after a
 * version (`1.2.3-dev`, `latest-dev`) is a build variant in common image families (Wolfi,
 * Chainguard: the image with a shell and package manager), so only `dev` alone or first counts.
 */
export function isEnvironmentTag(tag: string): boolean {
  return environmentOfTag(tag) !== undefined;
}

// `testing` is left out: it is a Debian release (`debian:testing-slim`).
const TAG_WORDS = new Set(['dev', 'development', 'qa', 'test', 'uat', 'stage', 'staging', 'stg', 'preprod', 'prod', 'production', 'prd']);
/**
 * What may follow an environment prefix: a version, a build number, a commit, a date, `latest`.
 * A version is a digit, then letters and digits with single separators: written without nested
 * quantifiers (the old `([._-]?[a-z0-9]+)*` split a run of letters every possible way).
 */
const BUILD_ID = [/^v?\d[a-z0-9]*(?:[._-][a-z0-9]+)*$/, /^[0-9a-f]{7,40}$/, /^latest$/, /^build[._-]?\d+$/, /^sha[._-]?[0-9a-f]{7,40}$/];

function isBuildId(text: string): boolean {
  return BUILD_ID.some((pattern) => pattern.test(text));
}

/** `1.4.2-qa` → [`1.4.2`, `qa`]: the last run of letters after a separator, found from the end. */
function splitSuffix(text: string): [string, string] | undefined {
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) >= 97 && text.charCodeAt(start - 1) <= 122) start--;
  if (start === text.length || start < 2 || !'-_.'.includes(text[start - 1]!)) return undefined;
  // The old `^(.+)` did not cross line breaks.
  if (/[\n\r\u2028\u2029]/.test(text.slice(0, start - 1))) return undefined;
  return [text.slice(0, start - 1), text.slice(start)];
}

export function environmentOfTag(tag: string): string | undefined {
  const lower = tag.toLowerCase().replace(/(^|[^a-z0-9])pre[-_.]?(prod|production)(?![a-z])/g, '$1preprod');
  if (isTemplated(lower)) return undefined;
  const bare = withoutTrailingDigits(lower);
  if (TAG_WORDS.has(lower) || (bare !== lower && TAG_WORDS.has(bare))) return lower;
  const prefix = /^([a-z]+)[-_.](.+)$/.exec(lower);
  if (prefix && TAG_WORDS.has(prefix[1]!) && isBuildId(prefix[2]!) && /\d|latest/.test(prefix[2]!)) return prefix[1];
  const suffix = splitSuffix(lower);
  if (suffix && TAG_WORDS.has(suffix[1]) && suffix[1] !== 'dev' && suffix[1] !== 'development' && /\d|latest/.test(suffix[0])) return suffix[1];
  return undefined;
}

/** Hostname labels, connection-string keys and URL path segments that name production. */
const PROD_TOKEN = /^(prod|production)\d*$/;
const ENDPOINT_WORDS = new Set(['host', 'hostname', 'server', 'endpoint', 'url', 'uri', 'dsn', 'addr', 'address', 'database', 'db', 'dbname', 'schema', 'bucket', 'broker', 'brokers']);

/** Keys whose single-word value is itself an endpoint or a database (`DB_HOST`, `dbName`), not `SERVER_ENV`. */
function isEndpointKey(key: string): boolean {
  const tokens = tokensOf(key);
  const last = tokens[tokens.length - 1] ?? '';
  return ENDPOINT_WORDS.has(last) || (last === 'name' && ENDPOINT_WORDS.has(tokens[tokens.length - 2] ?? ''));
}
/**
 * Last labels of real host names: common TLDs, two-letter country codes and private suffixes.
 * Anything else (`config.prod.yaml`, `orders.prod.events`) is a file or a topic, not a host.
 */
const HOST_TLD = /^([a-z]{2}|com|net|org|io|cloud|app|dev|tech|ai|biz|info|internal|local|lan|corp|intra|intranet|private|home|svc)$/;
/** Vendors whose shared endpoints carry "prod" in their own name (`logs-prod-006.grafana.net`): every environment uses them. */
const VENDOR_DOMAINS = /(^|\.)(grafana\.net|logic\.azure\.com|docker\.com|fastly\.net)$/;

function namesProduction(name: string): boolean {
  return tokensOf(name).some((t) => PROD_TOKEN.test(t));
}

function productionHost(host: string): boolean {
  const lower = host.toLowerCase();
  return !VENDOR_DOMAINS.test(lower) && lower.split('.').some(namesProduction);
}

/**
 * The first production endpoint a configuration value points at: a URL or connection string whose
 * host or path names prod/production, a host name such as `db.prod.internal` or `prod-redis:6379`,
 * or, under an endpoint-like key (`DB_HOST`, `database`), a bare name such as `orders_prod`.
 * Whole tokens only: `prometheus`, `product` and `producer` are not production.
 */
export function productionEndpoint(value: string, key?: string): string | undefined {
  for (const m of value.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s@/]+@)?([^\s/:?#"'<>,;]+)(?::\d+)?([^\s"'<>,;]*)/gi)) {
    const path = m[2]!.split(/[?#]/)[0]!.split('/');
    if (productionHost(m[1]!) || path.some((s) => /^(prod|production)$/i.test(s))) return m[0];
  }
  const withoutUrls = value.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ');
  for (const m of withoutUrls.matchAll(/(?<![\w./@-])((?:[a-z0-9_-]+\.)+([a-z]+))(?::\d{2,5})?(?![\w.-]|\/\w)/gi)) {
    if (HOST_TLD.test(m[2]!.toLowerCase()) && productionHost(m[1]!)) return m[0];
  }
  for (const m of withoutUrls.matchAll(/(?<![\w./-])([a-z][\w-]*):\d{2,5}\b/gi)) {
    if (namesProduction(m[1]!)) return m[0];
  }
  // `KEY=value` pairs: kustomize literals, env files, `Server=...;Database=...` connection strings.
  for (const m of value.matchAll(/(?:^|[;\s])([A-Za-z_][\w.-]*)\s*=\s*([^;\s]+)/g)) {
    if (isEndpointKey(m[1]!) && /^[\w-]+$/.test(m[2]!) && namesProduction(m[2]!)) return `${m[1]}=${m[2]}`;
  }
  if (key && isEndpointKey(key) && /^[\w-]+$/.test(value.trim()) && namesProduction(value.trim())) return value.trim();
  return undefined;
}
