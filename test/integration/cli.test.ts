/** The `lugang` command as a user runs it: exit codes, messages in zh and en, JSON output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/lugang-process';

function lugang(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lugang check', () => {
  it('exits 2 naming check digit 3 for CSQU3054384, in English and Chinese', () => {
    const en = lugang(['check', 'container', 'CSQU3054384']);
    expect(en.code).toBe(2);
    expect(en.err).toMatch(/check digit should be 3/);
    const zh = lugang(['check', 'container', 'CSQU3054384'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(2);
    expect(zh.err).toMatch(/校验位应为 3/);
  });

  it('prints a valid number as JSON and exits 0', () => {
    const r = lugang(['check', 'container', 'CSQU3054383', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ number: 'CSQU3054383', checkDigit: 3 });
  });

  it('looks up HS codes and refuses malformed ones with exit 2', () => {
    const ok = lugang(['check', 'hs', '3904', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ code: '3904', level: 4, chapter: '39' });
    expect(lugang(['check', 'hs', '39x']).code).toBe(2);
  });

  it('exits 2 on usage errors', () => {
    expect(lugang(['check', 'container']).code).toBe(2);
    expect(lugang(['no-such-command']).code).toBe(2);
  });
});

describe('lugang user add / token create', () => {
  it('creates a user from a piped password, refuses bad input with exit 2, issues a token', () => {
    const env = { LUGANG_DATA_DIR: mkdtempSync(join(tmpdir(), 'lugang-cli-')) };
    const added = lugang(
      ['user', 'add', 'ops.admin', '--role', 'admin', '--json'],
      env,
      'a-long-enough-password\n',
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({
      username: 'ops.admin',
      roles: ['admin'],
      organizationId: 'port-operator',
    });
    const dup = lugang(['user', 'add', 'ops.admin', '--role', 'admin'], {
      ...env,
      LUGANG_PASSWORD: 'another-long-password',
    });
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/already exists/);
    const badRole = lugang(['user', 'add', 'x1', '--role', 'captain'], {
      ...env,
      LUGANG_PASSWORD: 'another-long-password',
    });
    expect(badRole.code).toBe(2);
    const token = lugang(['token', 'create', 'ops.admin', '--json'], env);
    expect(token.code).toBe(0);
    expect(JSON.parse(token.out).token).toMatch(/^lgt_[A-Za-z0-9_-]{43}$/);
    expect(lugang(['token', 'create', 'nobody'], env).code).toBe(2);
  }, 180_000);
});

describe('lugang network', () => {
  it('prints 21 routes, 26 destination cities and 19 countries as JSON', () => {
    const r = lugang(['network', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ routes: 21, destinationCities: 26, destinationCountries: 19 });
    expect(report.gateways.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining(['AKL', 'HRS']));
  });

  it('prints a table in Chinese under a zh locale', () => {
    const r = lugang(['network'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/21 条线路，26 个城市，19 个国家和地区/);
    expect(r.out).toMatch(/杜伊斯堡/);
  });
});

describe('lugang plan', () => {
  const loadFixture = join(ROOT, 'test/fixtures/load-plan/cn41-r1.05-light-101.json');
  const gatewayFixture = join(ROOT, 'test/fixtures/gateway/reference/2gw-10d-100-s1.json');

  it('reads a load-plan instance and writes the solution document', () => {
    const instance = JSON.stringify(JSON.parse(readFileSync(loadFixture, 'utf8')).instance);
    const r = lugang(['plan', 'load', '--input', '-', '--json'], {}, instance);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.format).toBe('lugang.load-plan.solution/v1');
    expect(s.instanceId).toBe('cn41-r1.05-light-101');
    expect(['optimal', 'feasible']).toContain(s.status);
  });

  it('schedules gateway slots optimally from a file', () => {
    const r = lugang(['plan', 'gateway', '--input', gatewayFixture, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ format: 'lugang.gateway.solution/v1', status: 'optimal' });
  });

  it('exits 2 naming the field of a malformed document, and on unreadable or non-JSON input', () => {
    const bad = lugang(
      ['plan', 'consolidate', '--input', '-'],
      {},
      '{"format":"lugang.consolidation.instance/v1","id":"x","days":-1}',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^lugang: \S+/);
    expect(bad.err).not.toMatch(/\n\s+at /);
    expect(lugang(['plan', 'load', '--input', '-'], {}, '{ nope').err).toMatch(/not valid JSON/);
    expect(lugang(['plan', 'gateway', '--input', '/nonexistent.json']).code).toBe(2);
  });
});
