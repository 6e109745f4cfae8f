import t from 'tap';
import { ConfigError, env, loadConfig } from '@lumira/config';

const spec = {
  PORT: env.port({ description: 'port', default: '3000' }),
  API_KEY: env.string({ description: 'key', secret: true }),
  MODE: env.enum(['a', 'b'], { description: 'mode', default: 'a' }),
  URL: env.optionalUrl({ description: 'url' }),
  FLAG: env.bool({ description: 'flag', default: 'false' }),
};

t.test('defaults and parsing', async (t) => {
  const c = loadConfig('svc', spec, { API_KEY: 'k', FLAG: 'true' });
  t.same(c, { PORT: 3000, API_KEY: 'k', MODE: 'a', URL: undefined, FLAG: true });
});

t.test('one line per offending variable, naming it and what is expected, secrets hidden', async (t) => {
  const err = (() => {
    try {
      loadConfig(
        'svc',
        { ...spec, API_KEY: env.string({ description: 'key', secret: true, min: 20 }) },
        { PORT: 'abc', API_KEY: 'short-secret', MODE: 'c', URL: 'ftp://x' },
      );
    } catch (e) {
      return e;
    }
  })() as ConfigError;
  t.ok(err instanceof ConfigError);
  t.equal(err.problems.length, 4);
  t.match(err.problems[0], /^PORT: invalid value "abc"; expected an integer port/);
  t.match(err.problems[1], /^API_KEY: invalid value \(value hidden\)/);
  t.notMatch(err.problems.join('\n'), /short-secret/);
  t.match(err.problems[2], /^MODE: .*expected one of a, b/);
  t.match(err.problems[3], /^URL: invalid value "ftp:\/\/x"; expected a URL \(http, https\), or unset$/);
});

t.test("the lines are in our words, never the validator's internals", async (t) => {
  const err = (() => {
    try {
      loadConfig('svc', spec, { PORT: 'abc', API_KEY: 'k', FLAG: 'maybe' });
    } catch (e) {
      return e;
    }
  })() as ConfigError;
  t.same(err.problems, ['PORT: invalid value "abc"; expected an integer port between 0 and 65535', 'FLAG: invalid value "maybe"; expected true or false']);
  t.notMatch(err.message, /Invalid input|received|NaN/);
});

t.test('a missing required variable says so', async (t) => {
  t.throws(() => loadConfig('svc', spec, {}), { message: /API_KEY: is required but not set/, problems: [/^API_KEY: is required but not set/] });
});
