import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { IdentityRepository } from './repository';
import { IdentityService } from './service';

let t: TestDatabase;
let service: IdentityService;
let clock = new Date('2026-11-26T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  service = new IdentityService(new IdentityRepository(t.db), () => clock);
  await service.bootstrap();
});
afterAll(async () => {
  await t?.close();
});

describe('identity', () => {
  it('creates users with argon2id hashes and refuses bad input with the field named', async () => {
    const created = await service.createUser({
      username: 'Planner.One',
      password: 'long-enough-pass',
      roles: ['planner'],
    });
    expect(created.ok && created.value.username).toBe('planner.one');
    const again = await service.createUser({
      username: 'planner.one',
      password: 'long-enough-pass',
      roles: ['planner'],
    });
    expect(!again.ok && again.error).toMatchObject({ field: 'username', code: 'user.exists' });
    const short = await service.createUser({ username: 'x2', password: 'short', roles: ['planner'] });
    expect(!short.ok && short.error.field).toBe('password');
    const noOrg = await service.createUser({
      username: 'x3',
      password: 'long-enough-pass',
      roles: ['shipper'],
      organizationId: 'nope',
    });
    expect(!noOrg.ok && noOrg.error.code).toBe('user.organization_unknown');
    const { rows } = await t.db
      .withTables<{ users: { username: string; password_hash: string } }>()
      .selectFrom('users')
      .select(['password_hash'])
      .where('username', '=', 'planner.one')
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('signs in, resolves the token to a principal, and revokes it', async () => {
    const bad = await service.signIn('planner.one', 'wrong-password');
    expect(bad.ok).toBe(false);
    const signed = await service.signIn('planner.one', 'long-enough-pass');
    if (!signed.ok) throw new Error('sign-in failed');
    expect(signed.value.token).toMatch(/^lgt_[A-Za-z0-9_-]{43}$/);
    const p = await service.authenticate(signed.value.token);
    expect(p).toMatchObject({
      username: 'planner.one',
      roles: ['planner'],
      organizationKind: 'port-operator',
    });
    expect(await service.revoke(p!.tokenId)).toBe(true);
    expect(await service.authenticate(signed.value.token)).toBeNull();
  });

  it('stops accepting a token after it expires', async () => {
    const issued = await service.issueToken('planner.one', 'short-lived', 1);
    if (!issued.ok) throw new Error('issue failed');
    expect(await service.authenticate(issued.value.token)).not.toBeNull();
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    expect(await service.authenticate(issued.value.token)).toBeNull();
  });

  it('reuses a resolved token for a few seconds; a revocation elsewhere counts once they pass', async () => {
    const repo = new IdentityRepository(t.db);
    const lookups = vi.spyOn(repo, 'principalByTokenHash');
    const server = new IdentityService(repo, () => clock);
    const other = new IdentityService(new IdentityRepository(t.db), () => clock); // another process
    const issued = await server.issueToken('planner.one', 'cached');
    if (!issued.ok) throw new Error('issue failed');
    for (let i = 0; i < 20; i++) expect(await server.authenticate(issued.value.token)).not.toBeNull();
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(await other.revoke(issued.value.id)).toBe(true);
    // within the interval the server still knows the token; after it, the database says revoked
    expect(await server.authenticate(issued.value.token)).not.toBeNull();
    clock = new Date(clock.getTime() + 5_001);
    expect(await server.authenticate(issued.value.token)).toBeNull();
    expect(lookups).toHaveBeenCalledTimes(2);
    // revoking in the same process is immediate
    const second = await server.issueToken('planner.one', 'cached-2');
    if (!second.ok) throw new Error('issue failed');
    const p = await server.authenticate(second.value.token);
    expect(await server.revoke(p!.tokenId)).toBe(true);
    expect(await server.authenticate(second.value.token)).toBeNull();
  });

  it('stores only a hash of each token', async () => {
    const issued = await service.issueToken('planner.one', 'hash-check');
    if (!issued.ok) throw new Error('issue failed');
    const rows = await t.db
      .withTables<{ api_tokens: { token_hash: string } }>()
      .selectFrom('api_tokens')
      .select('token_hash')
      .execute();
    expect(rows.some((r) => r.token_hash === issued.value.token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

describe('first start', () => {
  it('creates an initial administrator only when there is no user', async () => {
    const fresh = await openTestDatabase();
    try {
      const s = new IdentityService(new IdentityRepository(fresh.db));
      await s.bootstrap();
      const first = await s.ensureInitialAdmin();
      expect(first?.username).toBe('admin');
      expect(first?.password.length).toBeGreaterThanOrEqual(20);
      const signed = await s.signIn('admin', first!.password);
      expect(signed.ok).toBe(true);
      expect(await s.ensureInitialAdmin()).toBeNull();
    } finally {
      await fresh.close();
    }
  });
});
