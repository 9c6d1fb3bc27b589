// The service logs one line per request, when it completes, with everything the two lines of
// Fastify's default said: method, URL (secrets cut), status, time taken, request id.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest } from '../../src/http/request-log.ts';
import { createLogger } from '../../src/shared/logger.ts';

function appWithLog(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = Fastify({
    loggerInstance: createLogger({ level, destination }),
    logController: new OneLinePerRequest(),
  });
  app.get('/r/:token', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('broken');
  });
  return { app, lines };
}

describe('request log', () => {
  it('is one line per request, when it completes: method, redacted URL, status, time, request id', async () => {
    const { app, lines } = appWithLog();
    const res = await app.inject({ method: 'GET', url: '/r/AbCdEfGhIjKlMnOpQrStUvWxYz012345?x=1' });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      msg: 'request completed',
      level: 30,
      req: { method: 'GET', url: '/r/[redacted]?x=1' },
      res: { statusCode: 200 },
    });
    expect(typeof line!.reqId).toBe('string');
    expect(line!.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz012345');
    await app.close();
  });

  it('a failed request is still one request line (status 500) beside the error’s own line', async () => {
    const { app, lines } = appWithLog();
    expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
    const requestLines = lines.filter((l) => String(l.msg).startsWith('request '));
    expect(requestLines.map((l) => l.msg)).toEqual(['request completed']);
    expect(requestLines[0]).toMatchObject({ res: { statusCode: 500 }, req: { url: '/boom' } });
    await app.close();
  });

  it('logs nothing per request above info', async () => {
    const { app, lines } = appWithLog('warn');
    await app.inject({ method: 'GET', url: '/r/x' });
    expect(lines).toEqual([]);
    await app.close();
  });
});
