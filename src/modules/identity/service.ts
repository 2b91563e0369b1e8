/**
 * Identity use cases: organizations, users with roles, sign-in, bearer tokens (create, resolve,
 * revoke). The HTTP layer resolves every request's token through `authenticate`.
 */
import { randomBytes } from 'node:crypto';
import type { Violation } from '../../domain/result';
import { fail, ok, type Result } from '../../domain/result';
import { type OrganizationKind, type Principal, ROLES, type Role } from '../../platform/http/access';
import { hashPassword, newId, newToken, tokenHash, verifyPassword } from './credentials';
import type { IdentityRepository, OrganizationRow, TokenPrincipalRow, UserRow } from './repository';

export const PORT_OPERATOR_ORG = {
  id: 'port-operator',
  kind: 'port-operator' as const,
  name_en: 'Urumqi International Land Port — operator',
  name_zh: '乌鲁木齐国际陆港区运营方',
  name_ru: 'Урумчийский международный сухой порт — оператор',
};

export interface NewUser {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly organizationId?: string | undefined;
  readonly organization?: {
    id: string;
    kind: OrganizationKind;
    nameEn: string;
    nameZh: string;
    nameRu?: string | null;
  };
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  organizationId: string;
  roles: Role[];
  createdAt: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

export function publicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    organizationId: u.organization_id,
    roles: u.roles,
    createdAt: u.created_at,
  };
}

/** How long a resolved token is reused without reading the database again (see `authenticate`). */
export const TOKEN_CACHE_MS = 5_000;

interface CachedToken {
  readonly row: TokenPrincipalRow;
  readonly until: number;
}

export class IdentityService {
  private readonly touched = new Map<string, number>();
  /** token hash → its principal row, for TOKEN_CACHE_MS (every API request resolves its token). */
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly repo: IdentityRepository,
    private readonly now: () => Date = () => new Date(),
    private readonly tokenCacheMs = TOKEN_CACHE_MS,
  ) {}

  /** Creates the port operator's organization if it is missing (idempotent; run at start). */
  async bootstrap(): Promise<void> {
    if (!(await this.repo.findOrganization(PORT_OPERATOR_ORG.id)))
      await this.repo.upsertOrganization(PORT_OPERATOR_ORG);
  }

  /**
   * Creates an organization or renames it (idempotent): for modules whose records are organizations,
   * such as the zones' enterprises.
   */
  upsertOrganization(org: Omit<OrganizationRow, 'created_at'>): Promise<void> {
    return this.repo.upsertOrganization(org);
  }

  /**
   * On a platform without any user, creates `admin` (role admin, port operator) with a random
   * password and returns it, to be shown once; otherwise null.
   */
  async ensureInitialAdmin(): Promise<{ username: string; password: string } | null> {
    if ((await this.repo.countUsers()) > 0) return null;
    const password = randomBytes(15).toString('base64url');
    const created = await this.createUser({
      username: 'admin',
      password,
      roles: ['admin'],
      displayName: 'Administrator',
    });
    return created.ok ? { username: 'admin', password } : null;
  }

  listOrganizations(): Promise<OrganizationRow[]> {
    return this.repo.listOrganizations();
  }

  async createUser(input: NewUser): Promise<Result<PublicUser>> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      return fail(
        violation(
          'username',
          'user.username',
          'username must be 2–64 characters: lowercase letters, digits, . _ -',
          '用户名须为 2–64 个字符：小写字母、数字、. _ -',
        ),
      );
    }
    if (input.password.length < 12) {
      return fail(
        violation(
          'password',
          'user.password_short',
          'password must have at least 12 characters',
          '密码至少 12 个字符',
        ),
      );
    }
    if (input.roles.length === 0) {
      return fail(
        violation('roles', 'user.roles_empty', 'give the user at least one role', '请至少指定一个角色'),
      );
    }
    const bad = input.roles.find((r) => !ROLES.includes(r));
    if (bad) {
      return fail(
        violation(
          'roles',
          'user.role_unknown',
          `unknown role ${bad}; roles: ${ROLES.join(', ')}`,
          `未知角色 ${bad}；可用角色：${ROLES.join('、')}`,
        ),
      );
    }
    if (await this.repo.findUserByName(username)) {
      return fail(
        violation('username', 'user.exists', `user ${username} already exists`, `用户 ${username} 已存在`),
      );
    }
    let organizationId = input.organizationId ?? PORT_OPERATOR_ORG.id;
    if (input.organization) {
      const o = input.organization;
      await this.repo.upsertOrganization({
        id: o.id,
        kind: o.kind,
        name_en: o.nameEn,
        name_zh: o.nameZh,
        name_ru: o.nameRu ?? null,
      });
      organizationId = o.id;
    } else if (!(await this.repo.findOrganization(organizationId))) {
      return fail(
        violation(
          'organization',
          'user.organization_unknown',
          `unknown organization ${organizationId}`,
          `未知组织 ${organizationId}`,
        ),
      );
    }
    const row = {
      id: newId('usr'),
      username,
      display_name: input.displayName?.trim() || username,
      organization_id: organizationId,
      roles: [...new Set(input.roles)],
      password_hash: await hashPassword(input.password),
    };
    await this.repo.insertUser(row);
    const stored = await this.repo.findUserByName(username);
    return ok(publicUser(stored!));
  }

  /** Issues a token for a user by name (the CLI's `token create`, run by the operator on the host). */
  async issueToken(
    username: string,
    label: string,
    ttlDays?: number,
  ): Promise<Result<{ token: string; id: string; expiresAt: string | null }>> {
    const user = await this.repo.findUserByName(username.trim().toLowerCase());
    if (!user || user.disabled_at) {
      return fail(
        violation('username', 'user.unknown', `no active user ${username}`, `没有有效用户 ${username}`),
      );
    }
    return ok(await this.mintToken(user.id, label, ttlDays));
  }

  /** Signs in with username and password; answers one message for every failure (no user probing). */
  async signIn(
    username: string,
    password: string,
    label = 'sign-in',
  ): Promise<Result<{ token: string; id: string; expiresAt: string | null }>> {
    const user = await this.repo.findUserByName(username.trim().toLowerCase());
    const valid = user && !user.disabled_at ? await verifyPassword(user.password_hash, password) : false;
    if (!user || !valid) {
      return fail(
        violation('', 'auth.invalid_credentials', 'username or password is wrong', '用户名或密码错误'),
      );
    }
    return ok(await this.mintToken(user.id, label, 30));
  }

  private async mintToken(userId: string, label: string, ttlDays?: number) {
    const token = newToken();
    const id = newId('tok');
    const expiresAt = ttlDays ? new Date(this.now().getTime() + ttlDays * 86_400_000).toISOString() : null;
    await this.repo.insertToken({
      id,
      user_id: userId,
      token_hash: tokenHash(token),
      label,
      expires_at: expiresAt,
    });
    return { token, id, expiresAt };
  }

  /**
   * The principal of a live bearer token. A resolved token is reused for `tokenCacheMs` (5 s): a
   * script or the twin sending thousands of requests costs one lookup per token and interval, not
   * one per request. Revoking in this process takes effect at once; a revocation by another process
   * (PostgreSQL shared by several servers) within the interval; expiry is checked on every use.
   */
  async authenticate(token: string): Promise<Principal | null> {
    if (!token.startsWith('lgt_') || token.length > 200) return null;
    const now = this.now();
    const hash = tokenHash(token);
    let row: TokenPrincipalRow | undefined;
    const cached = this.tokens.get(hash);
    if (cached && cached.until > now.getTime()) row = cached.row;
    else {
      if (cached) this.tokens.delete(hash);
      row = await this.repo.principalByTokenHash(hash, now.toISOString());
      if (!row) return null;
      if (this.tokenCacheMs > 0) {
        if (this.tokens.size >= 10_000) this.tokens.clear();
        this.tokens.set(hash, { row, until: now.getTime() + this.tokenCacheMs });
      }
    }
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) {
      this.tokens.delete(hash);
      return null;
    }
    const last = this.touched.get(row.token_id) ?? 0;
    if (now.getTime() - last > 300_000) {
      this.touched.set(row.token_id, now.getTime());
      await this.repo.touchToken(row.token_id, now.toISOString());
    }
    return {
      kind: 'user',
      userId: row.user_id,
      username: row.username,
      organizationId: row.organization_id,
      organizationKind: row.organization_kind,
      roles: row.roles,
      tokenId: row.token_id,
    };
  }

  revoke(tokenId: string): Promise<boolean> {
    this.touched.delete(tokenId);
    for (const [hash, c] of this.tokens) if (c.row.token_id === tokenId) this.tokens.delete(hash);
    return this.repo.revokeToken(tokenId, this.now().toISOString());
  }

  async listUsers(organizationId?: string): Promise<PublicUser[]> {
    return (await this.repo.listUsers(organizationId)).map(publicUser);
  }

  countUsers(): Promise<number> {
    return this.repo.countUsers();
  }
}
