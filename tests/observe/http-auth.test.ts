// Status page access (issue 10 §6), against the real HTTP server on 127.0.0.1 port 0: with
// http.auth every path but /healthz (and /metrics when exempted) needs a bearer token or
// basic credentials; without auth the server refuses a non-loopback address unless
// http.public says so, and `check` refuses that config with the key's location.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type HttpConfig, type HttpServer, startHttpServer } from '../../src/observe/http.js';
import { silentLogger } from '../../src/observe/log.js';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../cli/support.js';
import { fakeStatus } from './fake-status.js';

const TOKEN = 'status-token-0123456789abcdef';
const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(cfg: Partial<HttpConfig>): Promise<HttpServer> {
  const s = await startHttpServer({ host: '127.0.0.1', port: 0, ...cfg }, { status: fakeStatus(), log: silentLogger });
  servers.push(s);
  return s;
}

const get = async (s: HttpServer, path: string, authorization?: string) => {
  const r = await fetch(new URL(path, s.url), { headers: authorization ? { authorization } : {} });
  return { status: r.status, challenge: r.headers.get('www-authenticate'), body: await r.text() };
};
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('http.auth with a bearer token', () => {
  it('refuses the status page and /metrics without the token, with a challenge', async () => {
    const s = await serve({ auth: { token: TOKEN } });
    for (const path of ['/', '/metrics', '/nope']) {
      const r = await get(s, path);
      expect([path, r.status]).toEqual([path, 401]);
      expect(r.challenge).toBe('Bearer realm="newswatch"');
      expect(r.body).not.toContain('<table');
    }
    expect((await get(s, '/', 'Bearer wrong-token-0123456789')).status).toBe(401);
    expect((await get(s, '/', `Basic ${TOKEN}`)).status).toBe(401);
  });

  it('serves everything with the right token, and /healthz to anyone', async () => {
    const s = await serve({ auth: { token: TOKEN } });
    expect((await get(s, '/', `Bearer ${TOKEN}`)).status).toBe(200);
    expect((await get(s, '/metrics', `bearer ${TOKEN}`)).status).toBe(200);
    expect((await get(s, '/healthz')).status).toBe(200);
  });

  it('lets /metrics through without credentials only with exemptMetrics', async () => {
    const s = await serve({ auth: { token: TOKEN, exemptMetrics: true } });
    expect((await get(s, '/metrics')).status).toBe(200);
    expect((await get(s, '/')).status).toBe(401);
  });
});

describe('http.auth with basic credentials', () => {
  it('accepts the user and password, refuses anything else', async () => {
    const s = await serve({ auth: { username: 'ops', password: 'correct horse' } });
    const denied = await get(s, '/');
    expect(denied.status).toBe(401);
    expect(denied.challenge).toBe('Basic realm="newswatch", charset="UTF-8"');
    expect((await get(s, '/', basic('ops', 'correct horse'))).status).toBe(200);
    expect((await get(s, '/', basic('ops', 'wrong horse'))).status).toBe(401);
    expect((await get(s, '/', basic('root', 'correct horse'))).status).toBe(401);
  });
});

describe('binding a non-loopback address', () => {
  it('is refused without auth', async () => {
    await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(
      /refusing to serve the status page on 0\.0\.0\.0 without http\.auth/,
    );
  });

  it('is allowed with http.public, or with auth', async () => {
    expect((await serve({ host: '0.0.0.0', public: true })).url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    expect((await serve({ host: '0.0.0.0', auth: { token: TOKEN } })).url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
  });
});

describe('check', () => {
  const tmp = scratch('http-auth');
  afterAll(() => tmp.remove());
  const check = (http: string, env: Record<string, string> = {}) => {
    const path = tmp.write(
      `c${Math.random().toString(36).slice(2)}.yaml`,
      `http: ${http}\nchannels:\n  - { id: out, console: true }\n`,
    );
    return runCli(['check', '--config', path], { env });
  };

  it('refuses a non-loopback host without auth, naming the key', async () => {
    const r = await check('{ host: 0.0.0.0 }');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/http\.host.*"0\.0\.0\.0" is not a loopback address.*set http\.auth/);
  });

  it('refuses it too when the token variable is unset', async () => {
    const r = await check('{ host: 0.0.0.0, auth: { token: "${NW_STATUS_TOKEN}" } }');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/http\.host.*not a loopback address/);
  });

  it('accepts a token from the environment, or http.public', async () => {
    expect(
      (await check('{ host: 0.0.0.0, auth: { token: "${NW_STATUS_TOKEN}" } }', { NW_STATUS_TOKEN: TOKEN })).code,
    ).toBe(0);
    expect((await check('{ host: 0.0.0.0, public: true }')).code).toBe(0);
    expect((await check('{ host: 127.0.0.1 }')).code).toBe(0);
  });

  it('refuses half a basic auth and a short token', async () => {
    const half = await check('{ auth: { username: ops } }');
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/http\.auth\.password.*needs both username and password/);
    const short = await check('{ auth: { token: abc } }');
    expect(short.stderr).toMatch(/http\.auth\.token.*at least 16 characters/);
  });
});
