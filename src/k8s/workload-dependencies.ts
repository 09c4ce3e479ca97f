/**
 * Whether a health check reaches beyond its own container: an HTTP path that names a dependency,
 * or a command that talks to another host.
 */

/** Path words that name a dependency check (`/health/db`, `/deep`, `/dependencies`). */
const DEPENDENCY_WORDS = new Set([
  'db', 'database', 'databases', 'sql', 'postgres', 'postgresql', 'pg', 'mysql', 'mongo', 'mongodb',
  'redis', 'cache', 'kafka', 'rabbit', 'rabbitmq', 'amqp', 'queue', 'elastic', 'elasticsearch',
  'dependencies', 'dependency', 'deps', 'deep', 'downstream', 'downstreams', 'upstream', 'upstreams',
  'external', 'backend', 'backends', 'full',
]);

const DEEP_QUERY = /(^|&)(full|deep|dependencies|deps|detailed|checkdependencies|checkdeps)=(true|1|yes)\b/i;

/** The dependency a probe path names, e.g. `db` for `/health/db` or `full=true` for `?full=true`. */
export function dependencyInPath(path: string): string | undefined {
  const [route = '', query = ''] = path.split('?', 2);
  const deep = DEEP_QUERY.exec(query);
  if (deep) return deep[0].replace(/^&/, '');
  for (const segment of route.split('/')) {
    for (const word of segment.toLowerCase().split(/[-_.]+/)) if (DEPENDENCY_WORDS.has(word)) return word;
  }
  return undefined;
}

const LOCAL_LITERAL = /^(localhost|127(\.\d+){3}|::1|\[::1\]|0\.0\.0\.0|\$\(hostname( -i)?\)|`hostname( -i)?`)$/i;
/** Environment variables that hold the pod's own address. */
const LOCAL_VARIABLE = /^(HOSTNAME|HOST_IP|POD_IP|MY_POD_IP|POD_NAME|MY_POD_NAME|NODE_IP|HOST)$/;
/** Variables whose name says they point at a dependency. */
const DEPENDENCY_VARIABLE = /(DB|DATABASE|POSTGRES|PG|MYSQL|MARIADB|MONGO|REDIS|CACHE|KAFKA|RABBIT|AMQP|BROKER|ELASTIC|UPSTREAM|BACKEND|API|REMOTE)/;

/** True when a host certainly is not the pod itself; unknown variables count as local. */
export function isRemoteHost(raw: string): boolean {
  const host = raw.trim().replace(/^["']|["']$/g, '').replace(/:\d+$/, '');
  if (host === '' || host.startsWith('/') || LOCAL_LITERAL.test(host)) return false;
  const variable = /^\$\{?\(?([A-Za-z_][A-Za-z0-9_]*)/.exec(host);
  if (variable) {
    const name = variable[1]!.toUpperCase();
    return !LOCAL_VARIABLE.test(name) && DEPENDENCY_VARIABLE.test(name);
  }
  if (/[$`]/.test(host)) return false;
  return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host);
}

const CLIENTS = /^(psql|pg_isready|mysql|mysqladmin|redis-cli|mongo|mongosh|cqlsh|nc|ncat|kafka-broker-api-versions(\.sh)?|kafka-topics(\.sh)?|grpc_health_probe)$/;
const URL_SCHEME = /\b(?:https?|postgres(?:ql)?|mysql|redis|rediss|mongodb(?:\+srv)?|amqps?|grpc):\/\//gi;
const PLAIN_HOST = /[^/:\s"'?]+/y;
const USER = /[^@/\s"']*/y;
/** An IPv6 literal is at most 45 characters; the bracket search stops well after that. */
const MAX_BRACKETED = 256;

/**
 * The host after a URL's `scheme://` (at `from`) and where it ends: `user:pw@` is skipped, `[::1]`
 * kept whole. Read in code: as one pattern, the optional user part and the host could take the
 * same characters both ways.
 */
function urlHost(text: string, from: number): { host: string; end: number } | undefined {
  const hostAt = (at: number): { host: string; end: number } | undefined => {
    if (text[at] === '[') {
      const close = text.slice(at, at + MAX_BRACKETED).indexOf(']', 1);
      if (close > 1) return { host: text.slice(at, at + close + 1), end: at + close + 1 };
    }
    PLAIN_HOST.lastIndex = at;
    const plain = PLAIN_HOST.exec(text)?.[0];
    return plain ? { host: plain, end: at + plain.length } : undefined;
  };
  USER.lastIndex = from;
  const user = from + USER.exec(text)![0].length;
  return (text[user] === '@' ? hostAt(user + 1) : undefined) ?? hostAt(from);
}

function* urlHosts(command: string): Generator<string> {
  URL_SCHEME.lastIndex = 0;
  for (let m = URL_SCHEME.exec(command); m; m = URL_SCHEME.exec(command)) {
    const found = urlHost(command, URL_SCHEME.lastIndex);
    if (!found) continue;
    yield found.host;
    URL_SCHEME.lastIndex = found.end;
  }
}

/** The first other host a probe command talks to, if any. */
export function remoteHostInCommand(command: string): string | undefined {
  for (const host of urlHosts(command)) if (isRemoteHost(host)) return host;
  const words = command.split(/[\s;|&()]+/).map((w) => w.replace(/^["']|["']$/g, '')).filter(Boolean);
  let client: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const base = word.split('/').pop()!;
    if (CLIENTS.test(base)) {
      client = base;
      continue;
    }
    if (!client) continue;
    const netcat = client === 'nc' || client === 'ncat';
    let host: string | undefined;
    const flag = /^(?:-h(.*)|(?:--host|-addr|--addr|--bootstrap-server|--server)(?:=(.*))?)$/.exec(word);
    if (flag) host = flag[1] || flag[2] || words[i + 1];
    else if (netcat && !word.startsWith('-')) host = word;
    if (host !== undefined && isRemoteHost(host)) return host;
    // netcat's first operand is its host; later words belong to other commands.
    if (netcat && !word.startsWith('-')) client = undefined;
  }
  return undefined;
}
