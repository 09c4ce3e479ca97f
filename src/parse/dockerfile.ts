/**
 * Dockerfiles read with dockerfile-ast: instructions with 1-based lines, build stages, FROM images
 * with global ARG defaults resolved, ENV/ARG properties and COPY/ADD sources.
 */
import { DockerfileParser, type Arg, type Copy, type Env, type From } from 'dockerfile-ast';
import type { ParsedFile } from '../engine/parsed-file.js';
import { parseImage, type ImageRef } from '../k8s/image.js';
import { clusterDnsNames } from './source.js';

export interface DockerInstruction {
  /** Upper-case keyword (`FROM`, `ENV`...). */
  keyword: string;
  line: number;
  endLine: number;
  /** Arguments as written, continuation lines included. */
  text: string;
  /** Index of the build stage (0 for the first FROM); -1 for global ARGs before any FROM. */
  stage: number;
}

export interface DockerFrom extends DockerInstruction {
  /** The image argument as written (`${BASE}`, `node:20`...). */
  raw: string;
  /** The argument with global ARG defaults substituted; absent when a variable has no known value. */
  resolved?: string;
  /** Set when `resolved` names an earlier build stage (compared case-insensitively). */
  stageRef?: string;
  scratch: boolean;
  /** The parsed image, for a FROM that is neither scratch nor a stage nor unknown. */
  image?: ImageRef;
  /** `AS name` of this stage, as written. */
  name?: string;
  platform?: string;
}

export interface DockerProperty {
  keyword: 'ENV' | 'ARG';
  name: string;
  /** Value without quotes; absent for an ARG without a default. */
  value?: string;
  /** Line of the property itself (an ENV may list several over continuation lines). */
  line: number;
  instruction: DockerInstruction;
}

export interface DockerCopy {
  keyword: 'COPY' | 'ADD';
  sources: string[];
  /** The `--from` stage or image, when given. */
  from?: string;
  instruction: DockerInstruction;
}

export interface DockerfileModel {
  instructions: DockerInstruction[];
  froms: DockerFrom[];
  properties: DockerProperty[];
  copies: DockerCopy[];
}

const cache = new WeakMap<ParsedFile, DockerfileModel>();

/** The Dockerfile model of a parsed file, built once however many rules ask. */
export function dockerfileOf(file: ParsedFile): DockerfileModel {
  let model = cache.get(file);
  if (!model) cache.set(file, (model = parseDockerfile(file.text)));
  return model;
}

export function parseDockerfile(text: string): DockerfileModel {
  const model: DockerfileModel = { instructions: [], froms: [], properties: [], copies: [] };
  // Global ARGs (before the first FROM) are the only variables a FROM line can use.
  const globals = new Map<string, string | null>();
  const stageNames: string[] = [];
  let stage = -1;
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'FROM') stage++;
    const base: DockerInstruction = {
      keyword, stage,
      line: ins.getRange().start.line + 1,
      endLine: ins.getRange().end.line + 1,
      text: ins.getRawArgumentsContent() ?? '',
    };
    model.instructions.push(base);
    if (keyword === 'FROM') {
      const from = readFrom(ins as From, base, globals, stageNames);
      model.froms.push(from);
      if (from.name) stageNames.push(from.name.toLowerCase());
    } else if (keyword === 'ARG') {
      const property = (ins as Arg).getProperty();
      if (!property) continue;
      const value = property.getValue() ?? undefined;
      model.properties.push({ keyword, name: property.getName(), value, line: property.getRange().start.line + 1, instruction: base });
      if (stage === -1) globals.set(property.getName(), value === undefined ? (globals.get(property.getName()) ?? null) : (substitute(value, globals) ?? null));
    } else if (keyword === 'ENV') {
      for (const property of (ins as Env).getProperties()) {
        model.properties.push({ keyword, name: property.getName(), value: property.getValue() ?? undefined, line: property.getRange().start.line + 1, instruction: base });
      }
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const copy = readCopy(ins as Copy, keyword, base);
      if (copy) model.copies.push(copy);
    }
  }
  return model;
}

function readFrom(ins: From, base: DockerInstruction, globals: ReadonlyMap<string, string | null>, earlierStages: readonly string[]): DockerFrom {
  const raw = ins.getArguments()[0]?.getValue() ?? '';
  const resolved = substitute(raw, globals);
  const from: DockerFrom = { ...base, raw, resolved, scratch: false, name: ins.getBuildStage() ?? undefined, platform: ins.getPlatformFlag()?.getValue() ?? undefined };
  if (resolved === undefined || resolved === '') return from;
  if (earlierStages.includes(resolved.toLowerCase())) from.stageRef = resolved;
  else if (resolved.toLowerCase() === 'scratch') from.scratch = true;
  else from.image = parseImage(resolved);
  return from;
}

function readCopy(ins: Copy, keyword: 'COPY' | 'ADD', base: DockerInstruction): DockerCopy | undefined {
  let args = ins.getArguments().map((a) => a.getValue());
  // Inline heredoc content is not a file from the build context.
  if (args.some((a) => a.startsWith('<<'))) return undefined;
  const content = (ins.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) args = parsed as string[];
    } catch {
      // Not valid JSON: Docker reads it in shell form too, so keep the plain arguments.
    }
  }
  const from = ins.getFlags().find((f) => f.getName().toLowerCase() === 'from')?.getValue() ?? undefined;
  return { keyword, sources: args.slice(0, -1), from, instruction: base };
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}` and `${VAR+word}`
 * from `vars` (null: declared without a default). Returns undefined when a value is unknown: a
 * variable without a default, one never declared (it may be a predefined build ARG), or a form
 * this reader does not evaluate.
 */
/** `NAME`, `NAME:-word`, `NAME+word`...: the inside of `${...}`, anchored at both ends. */
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s;

export function substitute(value: string, vars: ReadonlyMap<string, string | null>): string | undefined {
  let unknown = false;
  // One `${...}` branch (its inside read below) so no two branches scan the same text.
  const out = value.replace(/\\\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, inside?: string, bare?: string) => {
    if (match === '\\$') return '$';
    const parts = inside === undefined ? undefined : BRACED.exec(inside);
    const braced = parts?.[1], op = parts?.[2], word = parts?.[3];
    const name = braced ?? bare;
    if (name === undefined) {
      unknown = true;
      return match;
    }
    const declared = vars.has(name);
    const current = vars.get(name) ?? null;
    const set = op?.startsWith(':') ? current !== null && current !== '' : current !== null;
    if (op === ':-' || op === '-') return set ? current! : (word ?? '');
    if (op === ':+' || op === '+') return set ? (word ?? '') : '';
    if (!declared || current === null) unknown = true;
    return current ?? match;
  });
  return unknown ? undefined : out;
}

/** Words that name a deployment environment, for rules that look for per-environment builds. */
export const ENVIRONMENT_WORDS: ReadonlySet<string> = new Set([
  'prod', 'production', 'prd', 'live', 'staging', 'stage', 'stg', 'preprod', 'pre-prod', 'qa', 'uat',
  'dev', 'development', 'test', 'testing', 'sandbox', 'integration', 'perf', 'demo',
]);

/** Upper-case words of a variable name: `orderServiceURL` and `ORDER_SERVICE_URL` give the same. */
export function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toUpperCase());
}

const CONNECTION_SCHEMES = /^(jdbc:[a-z0-9:]+|postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|kafka|nats|mqtts?|ldaps?|sqlserver|mssql|cassandra|couchbases?|memcached|grpcs?|zookeeper|clickhouse|neo4j(?:\+s)?|bolt)$/i;
const ENDPOINT_WORDS = new Set(['URL', 'URI', 'ENDPOINT', 'ENDPOINTS', 'HOST', 'HOSTS', 'HOSTNAME', 'ADDR', 'ADDRESS', 'SERVER', 'SERVERS', 'BROKERS', 'DSN']);
/** Variables that point the build tooling somewhere (mirrors, downloads, proxies), not the app. */
const TOOLING_WORDS = new Set([
  'DOWNLOAD', 'MIRROR', 'MIRRORS', 'REPO', 'REPOSITORY', 'REGISTRY', 'INDEX', 'DIST', 'RELEASE', 'RELEASES', 'CDN', 'GPG',
  'KEYSERVER', 'CHECKSUM', 'SHA', 'SHA256', 'ARCHIVE', 'PACKAGE', 'PACKAGES', 'PKG', 'INSTALL', 'INSTALLER', 'PROXY',
  'UPDATE', 'UPDATES', 'SOURCE', 'SRC', 'ARTIFACT', 'ARTIFACTS', 'TARBALL', 'VERSION', 'VER', 'HOME', 'PATH', 'DOCS', 'HOMEPAGE', 'LICENSE', 'SCHEMA',
]);
const TOOLING_PREFIXES = new Set(['PIP', 'NPM', 'YARN', 'PNPM', 'MAVEN', 'GRADLE', 'CARGO', 'RUSTUP', 'CONDA', 'POETRY', 'UV', 'BUNDLE', 'GEM', 'COMPOSER', 'NUGET', 'NVM', 'APT', 'DEBIAN', 'HOMEBREW', 'PYPI', 'SDKMAN', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOINSECURE']);
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;
const URL = /\b(jdbc:[a-z0-9]+:(?:[a-z0-9]+:)*|[a-z][a-z0-9+.-]*:\/\/)([^\s,;'"]*)/gi;

/**
 * Addresses of the container itself (loopback, or a wildcard bind such as `0.0.0.0`, `[::]` and
 * ASP.NET's `http://+:8080`), or fixed ones that are the same everywhere (the cloud metadata IP).
 */
export function isLocalHost(host: string): boolean {
  return /^(localhost|127(\.\d+){3}|0\.0\.0\.0|::1?|\[::1?\]|\+|\*|host\.docker\.internal|169\.254\.169\.254)$/i.test(host);
}

function isIpv4(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** The host of a URL's authority (`user:pw@host:port/...` gives `host`). */
function hostOf(rest: string): string {
  const authority = rest.replace(/^\/\//, '').split(/[/?#]/)[0] ?? '';
  const hostPort = (authority.slice(authority.lastIndexOf('@') + 1).split(',')[0] ?? '');
  return hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : (hostPort.split(':')[0] ?? '');
}

/**
 * Describes the address of another service that an ENV value bakes in (`the cluster DNS name
 * ...`, `the postgres connection string to "db"`), or undefined when there is none. Addresses of
 * the container itself and values built from variables do not count.
 */
export function serviceAddressIn(name: string, value: string): string | undefined {
  const dns = clusterDnsNames(value)[0];
  if (dns) return `the cluster DNS name ${dns.text}`;
  const words = nameWords(name);
  const tooling = words.some((w) => TOOLING_WORDS.has(w)) || TOOLING_PREFIXES.has(words[0] ?? '');
  for (const m of value.matchAll(URL)) {
    const scheme = m[1]!.replace(/:\/\/$|:$/, '').toLowerCase();
    const host = scheme.startsWith('jdbc:') && !m[2]!.startsWith('//') ? hostOf(m[2]!.replace(/^[^@]*@/, '')) : hostOf(m[2]!);
    if (host.includes('$') || isLocalHost(host)) continue;
    const shown = host ? ` to "${host}"` : '';
    if (CONNECTION_SCHEMES.test(scheme)) return `a ${scheme} connection string${shown}`;
    if (!/^(https?|wss?)$/.test(scheme) || tooling || !host) continue;
    const internal = isIpv4(host) || !host.includes('.') || /\.(internal|local|lan|corp|intranet|home\.arpa)$/i.test(host);
    if (internal || words.some((w) => ENDPOINT_WORDS.has(w))) return `the URL of another service ("${host}")`;
  }
  if (tooling) return undefined;
  for (const m of value.matchAll(IPV4)) {
    if (m.slice(1, 5).every((o) => Number(o) <= 255) && !isLocalHost(m[0]) && m[0] !== '255.255.255.255') return `the IP address ${m[0]}`;
  }
  return undefined;
}
