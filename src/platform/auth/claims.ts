/**
 * Every permission of the product. A route names the claims it needs (@RequireClaims); a caller
 * holds the active claims of its role plus those granted to it directly. This list is the source
 * of truth: the seed writes it to the `claims` table.
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
  /** With cashback:read, see and reconcile every poster's purchases, not only one's own (operators). */
  CashbackReadAll: 'cashback:read-all',
  CashbackWrite: 'cashback:write',
  CardsAuthorize: 'cards:authorize',
  CardsManage: 'cards:manage',
  TelemetryRead: 'telemetry:read',
  TelemetryWrite: 'telemetry:write',
  /** Enroll a device to a user or move it to another (who may send its readings and photos). */
  DevicesWrite: 'devices:write',
} as const;

export type ClaimName = (typeof Claim)[keyof typeof Claim];

export const ALL_CLAIMS: readonly ClaimName[] = Object.values(Claim);

/**
 * Seeded roles and the claims they start with. `admin` always holds every claim (the seed adds new
 * ones to it); the others are starting points that operators may change afterwards. Machine clients
 * (an ERP, a card network, devices) get only what their integration needs.
 */
export const SEEDED_ROLES: Record<string, readonly ClaimName[]> = {
  admin: ALL_CLAIMS,
  operator: [
    Claim.UsersRead,
    Claim.RolesRead,
    Claim.ClaimsRead,
    Claim.AuditRead,
    Claim.CustomersRead,
    Claim.CustomersWrite,
    Claim.ProductsRead,
    Claim.ProductsWrite,
    Claim.CashbackRead,
    Claim.CashbackReadAll,
    Claim.CardsManage,
    Claim.TelemetryRead,
    Claim.DevicesWrite,
  ],
  erp: [Claim.ProductsRead, Claim.CashbackWrite, Claim.CashbackRead],
  'card-network': [Claim.CardsAuthorize],
  device: [Claim.TelemetryWrite],
};

export const ADMIN_ROLE = 'admin';
export const ROLES = Object.keys(SEEDED_ROLES);
