/** The customer as services handle it: decrypted tier A (when read), tier B, amounts in cents. */
export interface Address {
  street: string;
  number: string;
  complement?: string;
  district?: string;
  city: string;
  state: string;
  postalCode: string;
}

export type Region = Pick<Address, 'city' | 'state' | 'postalCode'>;

export type DebtStatus = 'OPEN' | 'PAID' | 'OVERDUE' | 'NEGOTIATED';

export interface Debt {
  creditor: string;
  amountCents: bigint;
  dueDate: string;
  status: DebtStatus;
}

export type AssetType = 'REAL_ESTATE' | 'VEHICLE' | 'INVESTMENT' | 'OTHER';

export interface Asset {
  type: AssetType;
  description: string;
  valueCents: bigint;
}

export interface IncomeSource {
  source: string;
  monthlyAmountCents: bigint;
}

export interface TierA {
  cpf: string;
  name: string;
  /** Unknown for customers first seen through a purchase (only CPF and name arrive). */
  address: Address | null;
  debts: Debt[];
}

export interface TierB {
  birthDate: string | null;
  region: Region | null;
  assets: Asset[];
  incomeSources: IncomeSource[];
}

export interface CustomerView {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  tierA?: TierA;
  tierB: TierB;
}

export type CustomerEventType = 'BUREAU_QUERY' | 'FINANCIAL_MOVEMENT' | 'CARD_PURCHASE';

export interface CustomerEvent {
  id: bigint;
  customerId: string;
  type: CustomerEventType;
  occurredAt: Date;
  amountCents: bigint | null;
  details: Record<string, unknown>;
}

export const regionOf = (address: Address | null): Region | null =>
  address && { city: address.city, state: address.state, postalCode: address.postalCode };

/** Whole years between a birth date (YYYY-MM-DD) and `today`. */
export function ageOn(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - year;
  if (today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day)) age -= 1;
  return age;
}
