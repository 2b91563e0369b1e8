/** The only SQL of the identity module: organizations, users, API tokens. */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { OrganizationKind, Role } from '../../platform/http/access';

export interface OrganizationRow {
  id: string;
  kind: OrganizationKind;
  name_en: string;
  name_zh: string;
  name_ru: string | null;
  created_at: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  organization_id: string;
  roles: Role[];
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface TokenRow {
  id: string;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

type IdentityTables = {
  organizations: Omit<OrganizationRow, 'created_at'> & { created_at?: string };
  users: Omit<UserRow, 'created_at' | 'disabled_at'> & { created_at?: string; disabled_at?: string | null };
  api_tokens: Omit<TokenRow, 'created_at' | 'revoked_at' | 'last_used_at'> & {
    created_at?: string;
    revoked_at?: string | null;
    last_used_at?: string | null;
  };
};

export interface TokenPrincipalRow {
  token_id: string;
  user_id: string;
  username: string;
  roles: Role[];
  organization_id: string;
  organization_kind: OrganizationKind;
  /** When the token expires (ISO), or null. */
  expires_at: string | null;
}

export class IdentityRepository {
  private readonly db: Kysely<IdentityTables>;

  constructor(db: Db) {
    this.db = db.withTables<IdentityTables>();
  }

  async upsertOrganization(org: Omit<OrganizationRow, 'created_at'>): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values(org)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ kind: org.kind, name_en: org.name_en, name_zh: org.name_zh, name_ru: org.name_ru }),
      )
      .execute();
  }

  findOrganization(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
      OrganizationRow | undefined
    >;
  }

  listOrganizations(): Promise<OrganizationRow[]> {
    return this.db.selectFrom('organizations').selectAll().orderBy('id').execute() as Promise<
      OrganizationRow[]
    >;
  }

  async insertUser(user: Omit<UserRow, 'created_at' | 'disabled_at'>): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  findUserByName(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst() as Promise<UserRow | undefined>;
  }

  listUsers(organizationId?: string): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('username');
    if (organizationId) q = q.where('organization_id', '=', organizationId);
    return q.execute() as Promise<UserRow[]>;
  }

  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertToken(token: Omit<TokenRow, 'created_at' | 'revoked_at' | 'last_used_at'>): Promise<void> {
    await this.db.insertInto('api_tokens').values(token).execute();
  }

  /** The principal of a live token (not revoked, not expired, user enabled) and marks it used. */
  async principalByTokenHash(tokenHash: string, nowIso: string): Promise<TokenPrincipalRow | undefined> {
    const row = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select([
        't.id as token_id',
        'u.id as user_id',
        'u.username as username',
        'u.roles as roles',
        'o.id as organization_id',
        'o.kind as organization_kind',
        't.expires_at as expires_at',
      ])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .where('u.disabled_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', nowIso)]))
      .executeTakeFirst();
    return row as TokenPrincipalRow | undefined;
  }

  async touchToken(id: string, nowIso: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: nowIso }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, nowIso: string): Promise<boolean> {
    const res = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: nowIso })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
