/**
 * Every permission of the product. A route names the claims it needs; a caller holds claims through
 * its user. This list is the source of truth: the seed writes it to the `claims` table.
 */
export const Claim = {
  UsersRead: 'users:read',
  UsersWrite: 'users:write',
  RolesRead: 'roles:read',
  RolesWrite: 'roles:write',
  ClaimsRead: 'claims:read',
  ClaimsWrite: 'claims:write',
  AuditRead: 'audit:read',
  CustomersRead: 'customers:read',
  CustomersReadSensitive: 'customers:read-sensitive',
  CustomersWrite: 'customers:write',
  ProductsRead: 'products:read',
  ProductsWrite: 'products:write',
  CashbackRead: 'cashback:read',
  CashbackWrite: 'cashback:write',
  CardsAuthorize: 'cards:authorize',
  CardsManage: 'cards:manage',
  TelemetryRead: 'telemetry:read',
  TelemetryWrite: 'telemetry:write',
} as const;

export type ClaimName = (typeof Claim)[keyof typeof Claim];

export const ALL_CLAIMS: readonly ClaimName[] = Object.values(Claim);

/** Seeded roles: people (admin, operator) and machine clients with only what they need. */
export const ROLES = ['admin', 'operator', 'erp', 'card-network', 'device'] as const;
