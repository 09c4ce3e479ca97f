import { defineRule } from '../src/engine/rule.js';
import { dockerfileOf, nameWords } from '../src/parse/dockerfile.js';

/** Last words of a variable name that hold a secret (`NPM_TOKEN`, `DB_PASSWORD`, `CLIENT_SECRET`). */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS']);
/** `*_KEY` is a secret unless it says it is public or not a credential (`GPG_KEY` is a fingerprint). */
const NOT_SECRET_KEYS = new Set(['PUBLIC', 'PUB', 'GPG', 'PGP', 'HOST', 'CACHE', 'SORT', 'PARTITION', 'ROUTING', 'PRIMARY', 'FOREIGN', 'HASH', 'IDEMPOTENCY']);
/** Words that make the variable a switch about secrets, not a secret (`MYSQL_ALLOW_EMPTY_PASSWORD`). */
const SWITCH_WORDS = new Set(['ALLOW', 'EMPTY', 'RANDOM', 'GENERATE', 'SKIP', 'REQUIRE', 'NO', 'DISABLE', 'ENABLE', 'USE', 'PUBLIC']);
const FLAG_VALUE = /^(yes|no|true|false|on|off|0|1)$/i;

/** Whether a variable name says it carries a secret; `*_KEY_PATH`, `*_TOKEN_FILE`, `PUBLIC_KEY` do not. */
function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last || words.some((w) => SWITCH_WORDS.has(w))) return false;
  if (SECRET_WORDS.has(last)) return true;
  if (last === 'KEY') return words.length > 1 && !NOT_SECRET_KEYS.has(words[words.length - 2]!);
  // Rails' SECRET_KEY_BASE.
  return last === 'BASE' && words.includes('SECRET');
}

export default defineRule({
  id: 'dockerfile-build-secret',
  antipattern: 14,
  severity: 'error',
  kinds: ['dockerfile'],
  docs: {
    title: 'Secrets must not pass through ARG or ENV',
    summary: 'An `ARG` or `ENV` named like a token, password or key carries a secret into the image or its build record.',
    why: [
      'Everything set with `ENV` is stored in the image and shown by `docker inspect` to anyone who can pull it.',
      'Build arguments are not in the final filesystem, but their values are kept in the image history, the build cache and build provenance,',
      'so a token passed with `--build-arg` is readable long after the build. A secret inside an image is also tied to one environment and cannot be rotated without a rebuild.',
    ].join(' '),
    fix: [
      'Give build-time secrets to the one `RUN` step that needs them with a BuildKit secret mount (`RUN --mount=type=secret,id=npm_token ...`) and `docker build --secret`.',
      'Give run-time secrets to the container at deploy time from a Kubernetes Secret or a secret manager.',
    ].join(' '),
    examples: [
      {
        bad: 'FROM node:20-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\n',
        good: 'FROM node:20-alpine\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n',
      },
      {
        bad: 'FROM python:3.12-slim\nENV DB_PASSWORD=s3cr3t\n',
        good: 'FROM python:3.12-slim\nENV DB_PASSWORD_FILE=/run/secrets/db_password\n',
      },
    ],
  },
  check(ctx) {
    for (const p of dockerfileOf(ctx.file).properties) {
      if (!isSecretName(p.name)) continue;
      const value = p.value?.trim();
      if (value !== undefined && FLAG_VALUE.test(value)) continue;
      // An empty ENV or one that holds a file path carries no secret itself.
      if (p.keyword === 'ENV' && (!value || /^(\/|~\/)/.test(value))) continue;
      const span: [number, number] = [p.instruction.line, p.instruction.endLine];
      const where = p.keyword === 'ARG'
        ? 'build arguments stay readable in the image history and build cache. Use a BuildKit secret mount (RUN --mount=type=secret) instead'
        : 'ENV values are stored in the image for anyone who can pull it. Use a BuildKit secret mount at build time, or a Kubernetes Secret at run time';
      ctx.report(p.line, `${p.keyword} ${p.name} looks like a secret: ${where}.`, { span });
    }
  },
});
