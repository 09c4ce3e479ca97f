import { describe, expect, test } from '@jest/globals';
import { findingsOf, linesOf } from '../helpers/run.js';

const rule = 'dockerfile-env-config-file';
const lines = (text: string): Promise<number[]> => linesOf(rule, 'Dockerfile', `FROM app:1.0\n${text}`);

describe(rule, () => {
  test('flags COPY/ADD of one environment\'s config file, on the instruction line', async () => {
    const text = [
      'COPY config.prod.yaml /app/',
      'COPY src/main/resources/application-staging.properties /app/',
      'COPY .env.production .',
      'ADD appsettings.Production.json /app/',
      'COPY ["config/production.json", "/app/config/"]',
      'COPY --from=build /app/.env.staging ./',
      'COPY prod-settings.json /app/',
    ].join('\n');
    expect(await lines(`${text}\n`)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  test('names the environment and the file', async () => {
    const [finding] = await findingsOf(rule, { 'Dockerfile': 'FROM app:1.0\nCOPY appsettings.json appsettings.Production.json ./\n' });
    expect(finding!.message).toContain('COPY appsettings.Production.json puts the configuration of "Production" into the image');
  });

  test('flags an environment folder and a file chosen by a build argument', async () => {
    expect(await lines('COPY deploy/production/nginx.conf /etc/nginx/\nCOPY config/prod/ /app/config/\nARG APP_ENV\nCOPY config.${APP_ENV}.yaml /app/config.yaml\n')).toEqual([2, 3, 5]);
  });

  test('a multi-line COPY is reported once, on its first line', async () => {
    const findings = await findingsOf(rule, { 'Dockerfile': 'FROM app:1.0\nCOPY a.yaml \\\n  config.staging.yaml \\\n  /app/\n' });
    expect(findings.map((f) => [f.line, f.span])).toEqual([[2, [2, 4]]]);
  });

  describe('must not flag', () => {
    test.each([
      ['appsettings.json', 'COPY appsettings.json /app/\n'],
      ['.env.example and friends', 'COPY .env.example .env.sample .env.production.template /app/\n'],
      ['build-tool configs', 'COPY tsconfig.prod.json webpack.prod.json package.json /app/\n'],
      ['a wildcard over every environment', 'COPY config.*.yaml /app/config/\n'],
      ['files that merely start with an environment word', 'COPY test-data.json /app/\n'],
      ['dev and test folders', 'COPY test/ /app/test/\nCOPY dev/tools.yaml /app/\n'],
      ['non-config files', 'COPY requirements-prod.txt /app/\n'],
      ['inline heredoc content', 'COPY <<EOF /app/config.prod.yaml\nlevel: info\nEOF\n'],
      ['the destination path', 'COPY config.yaml /etc/app/config.prod.yaml\n'],
    ])('%s', async (_name, text) => {
      expect(await lines(text)).toEqual([]);
    });
  });
});
