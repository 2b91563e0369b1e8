/**
 * Who may call a route, and whose data it reads. Every `/api` route declares an `Access` in its
 * `config.access`; a route without one is refused when it is registered, so the server does not
 * start (and the route-matrix test fails) — there is no such thing as an unprotected-by-accident route.
 */
export const ROLES = [
  'admin', // port operator's administrators: users, organizations, configuration
  'planner', // assembly-center planners: bookings of all, plans
  'dispatcher', // assembly-center dispatchers: trains, yard, departures
  'management', // port management: read everything, the live picture
  'forwarder', // freight forwarders: their own bookings, boxes, documents
  'shipper', // shippers: their own bookings, boxes, documents
  'border-officer', // Alashankou / Khorgos border-port staff
  'customs-officer', // customs and bonded-zone officers: read all declarations and books
  'enterprise', // tenant enterprises of the zones: their own books and orders
] as const;

export type Role = (typeof ROLES)[number];

export const ORGANIZATION_KINDS = [
  'port-operator',
  'forwarder',
  'shipper',
  'customs',
  'border-port',
  'enterprise',
] as const;

export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * - `none`: reference or own-account data, no tenant data is read (the network, code checks, `me`);
 * - `tenant`: tenant data filtered to the caller's organization unless the caller holds a role that
 *   sees all (`seesAll` in the route's service);
 * - `all`: data of every tenant — the roles listed must be ones entitled to that.
 */
export type TenantScope = 'none' | 'tenant' | 'all';

export interface Access {
  /**
   * `public` = anyone, signed in or not; `device` = a registered device with its secret as bearer
   * (the route then checks the device acts under its own id); otherwise the user roles allowed (at
   * least one must be held).
   */
  readonly roles: 'public' | 'device' | readonly Role[];
  readonly scope: TenantScope;
}

export interface Principal {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  readonly organizationId: string;
  readonly organizationKind: OrganizationKind;
  readonly roles: readonly Role[];
  readonly tokenId: string;
}

/** Device secrets start with this; any other bearer is resolved as a user token. */
export const DEVICE_SECRET_PREFIX = 'lgd_';

/** A device authenticated by its secret (docs/devices.md); it may only call `device` routes. */
export interface DevicePrincipal {
  readonly kind: 'device';
  readonly deviceId: string;
  readonly organizationId: string;
}

export function isAllowed(
  access: Access,
  principal: Principal | null,
  device: DevicePrincipal | null = null,
): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access.roles === 'public') return 'ok';
  if (access.roles === 'device') return device ? 'ok' : principal ? 'forbidden' : 'unauthenticated';
  if (device) return 'forbidden';
  if (!principal) return 'unauthenticated';
  return principal.roles.some((r) => (access.roles as readonly Role[]).includes(r)) ? 'ok' : 'forbidden';
}

/** Roles that read every tenant's data under `tenant` scope. */
export const CROSS_TENANT_ROLES: readonly Role[] = [
  'admin',
  'planner',
  'dispatcher',
  'management',
  'customs-officer',
];

export function seesAllTenants(principal: Principal): boolean {
  return principal.roles.some((r) => CROSS_TENANT_ROLES.includes(r));
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}
