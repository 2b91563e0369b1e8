import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ users: false });
});
afterAll(async () => {
  await t?.close();
});

describe('codes API', () => {
  it('accepts a valid container number and returns its parts', async () => {
    const res = await t.app.inject({ url: '/api/v1/codes/containers/csqu%20305438-3' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      number: 'CSQU3054383',
      ownerCode: 'CSQ',
      category: 'U',
      serial: '305438',
      checkDigit: 3,
    });
  });

  it('answers a wrong check digit with 400 problem+json naming the field and the right digit', async () => {
    const res = await t.app.inject({ url: '/api/v1/codes/containers/CSQU3054384' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.detail).toMatch(/check digit should be 3/);
    expect(body.errors[0]).toMatchObject({
      field: 'number',
      code: 'iso6346.check_digit',
      details: { expected: 3 },
    });
    const zh = await t.app.inject({
      url: '/api/v1/codes/containers/CSQU3054384',
      headers: { 'accept-language': 'zh' },
    });
    expect(zh.json().detail).toMatch(/校验位应为 3/);
  });

  it('looks up HS codes: tomato paste, a malformed code (400), an unknown code (404)', async () => {
    const ok = await t.app.inject({ url: '/api/v1/codes/hs/2002.10' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ code: '200210', level: 6, chapter: '20', heading: '2002' });
    expect(ok.json().description).toMatch(/tomato/i);
    expect((await t.app.inject({ url: '/api/v1/codes/hs/20x' })).statusCode).toBe(400);
    const unknown = await t.app.inject({ url: '/api/v1/codes/hs/7777' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].code).toBe('hs.unknown');
  });

  it('explains size-types, countries and UN/LOCODEs', async () => {
    expect((await t.app.inject({ url: '/api/v1/codes/size-types/45R1' })).json()).toMatchObject({
      lengthFt: 40,
      kind: 'reefer',
      highCube: true,
    });
    expect((await t.app.inject({ url: '/api/v1/codes/countries/KAZ' })).json()).toMatchObject({
      alpha2: 'KZ',
      names: { zh: '哈萨克斯坦' },
    });
    expect((await t.app.inject({ url: '/api/v1/codes/unlocodes/DE%20DUI' })).json()).toEqual({
      code: 'DEDUI',
      country: 'DE',
      location: 'DUI',
    });
    expect((await t.app.inject({ url: '/api/v1/codes/unlocodes/XXDUI' })).statusCode).toBe(400);
  });
});
