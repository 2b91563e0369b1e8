/** Who the live picture reads the other modules as: a port-wide reader that sees every tenant. */
import type { Principal } from '../../platform/http/access';

export const SYSTEM: Principal = {
  kind: 'user',
  userId: 'operations',
  username: 'operations',
  organizationId: 'operations',
  organizationKind: 'port-operator',
  roles: ['management'],
  tokenId: 'operations',
};
