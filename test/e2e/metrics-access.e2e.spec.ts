import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditorNational } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

const METRICS_TOKEN = 'a-scraper-token-for-the-metrics-route';

describe('/metrics with METRICS_TOKEN: only the scraper reads store-wide counts', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('given no token, a wrong one or a user JWT, then 401 problem+json', async () => {
    const userJwt = await engine.token(auditorNational);
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${userJwt}`, METRICS_TOKEN]) {
      const result = await engine.request('GET', '/metrics', {
        headers: authorization !== undefined ? { authorization } : {},
      });
      expect({ authorization, status: result.status }).toEqual({ authorization, status: 401 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('given the metrics token as a bearer, then the Prometheus text', async () => {
    const result = await engine.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(result.status).toBe(200);
    expect(String(result.body)).toContain('sla_deadlines');
  });
});

describe('/metrics switched off (the production default without METRICS_TOKEN)', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({ env: { METRICS_PUBLIC: 'false' } });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('given any request, then 404 saying how to turn it on', async () => {
    const result = await engine.request<{ detail: string }>('GET', '/metrics');
    expect(result.status).toBe(404);
    expect(result.body.detail).toContain('METRICS_TOKEN');
    expect((await engine.request('GET', '/health')).status).toBe(200);
  });
});
