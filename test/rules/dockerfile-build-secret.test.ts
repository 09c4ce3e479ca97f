import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'dockerfile-build-secret';
const lines = (text: string): Promise<number[]> => linesOf(rule, 'Dockerfile', `FROM app:1.0\n${text}`);

describe(rule, () => {
  test('flags a secret build argument as an error', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n' });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[2, 'error']]);
    expect(findings[0]!.message).toContain('ARG NPM_TOKEN looks like a secret');
    expect(findings[0]!.message).toContain('--mount=type=secret');
  });

  test('flags secret ARGs and ENVs of many shapes', async () => {
    const text = [
      'ARG GITHUB_TOKEN=ghp_example',
      'ENV DB_PASSWORD=s3cr3t',
      'ENV API_KEY abc123',
      'ARG AWS_SECRET_ACCESS_KEY',
      'ENV SECRET_KEY_BASE=0123456789abcdef',
      'ENV NPM_TOKEN=${NPM_TOKEN}',
      'ARG sshPrivateKey',
      'ENV CLIENT_SECRET=x JWT_SECRET=y',
    ].join('\n');
    expect(await lines(`${text}\n`)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 9]);
  });

  test('points at the property line of a multi-line ENV', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'FROM app:1.0\nENV PORT=8080 \\\n    REDIS_PASSWORD=x\n' });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[3, [2, 3]]]);
  });

  describe('must not flag', () => {
    test.each([
      ['RUN --mount=type=secret', 'RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n'],
      ['a GPG key fingerprint', 'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n'],
      ['public keys', 'ENV PUBLIC_KEY=ssh-ed25519AAAA NEXT_PUBLIC_API_KEY=pk_live_123\n'],
      ['paths and files that hold a secret', 'ARG SSH_KEY_PATH=/root/.ssh/id_ed25519\nENV DB_PASSWORD_FILE=/run/secrets/db_password\nENV SSL_KEY=/etc/ssl/private/key.pem\n'],
      ['switches about secrets', 'ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes MYSQL_RANDOM_ROOT_PASSWORD=1\n'],
      ['names that only mention a secret word first', 'ENV TOKEN_URL=https://auth.example.com/token PASSWORD_MIN_LENGTH=12\n'],
      ['an access key id', 'ARG AWS_ACCESS_KEY_ID\n'],
      ['an empty ENV placeholder', 'ENV API_KEY=""\n'],
      ['keys that are not credentials', 'ENV CACHE_KEY=v2 ROUTING_KEY=orders\n'],
      ['words that contain "pass"', 'ENV BYPASS_CACHE=1 PASSENGER_APP_ENV=production\n'],
    ])('%s', async (_name, text) => {
      expect(await lines(text)).toEqual([]);
    });
  });
});
