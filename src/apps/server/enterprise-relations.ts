/**
 * Wiring of an enterprise's profile: its users (identity), its bookings count (booking) and its
 * account books (bonded), each read through the other module's service with the caller's rights.
 */
import type { EnterpriseRelations } from '../../modules/enterprise/routes';
import type { Services } from './platform';

export function enterpriseRelations(
  services: Pick<Services, 'identity' | 'bookings' | 'bonded'>,
): EnterpriseRelations {
  return {
    users: async (organizationId) =>
      (await services.identity.listUsers(organizationId)).map((u) => ({
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        createdAt: u.createdAt,
      })),
    bookingCount: async (principal, organizationId) =>
      (await services.bookings.list(principal, { organizationId }, { limit: 1, offset: 0 })).total,
    books: async (principal, enterpriseId) =>
      (await services.bonded.listBooks(principal))
        .filter((b) => b.enterpriseId === enterpriseId)
        .map((b) => ({
          id: b.id,
          bookNo: b.bookNo,
          name: b.name,
          movements: b.movements,
          items: b.items.length,
        })),
  };
}
