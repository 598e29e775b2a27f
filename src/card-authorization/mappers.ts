import { formatCents } from '../platform/money';
import { AccountRecord, LedgerEntry } from './accounts.repository';
import { AccountDto, LedgerEntryDto } from './dto/account.dto';
import { MerchantDto } from './dto/merchant.dto';
import { MerchantRecord } from './merchants.repository';

export const toAccountDto = (account: AccountRecord): AccountDto => ({
  id: account.id,
  customerId: account.customerId,
  balances: { FOOD: formatCents(account.balances.FOOD), MEAL: formatCents(account.balances.MEAL), CASH: formatCents(account.balances.CASH) },
  createdAt: account.createdAt.toISOString(),
});

export const toLedgerEntryDto = (entry: LedgerEntry): LedgerEntryDto => ({
  id: entry.id,
  kind: entry.kind,
  amount: formatCents(entry.amountCents),
  mcc: entry.mcc,
  merchant: entry.merchant,
  category: entry.category,
  balance: entry.balance,
  code: entry.code,
  createdAt: entry.createdAt.toISOString(),
});

export const toMerchantDto = (merchant: MerchantRecord): MerchantDto => ({
  id: merchant.id,
  name: merchant.name,
  category: merchant.category,
  mcc: merchant.mcc,
  createdAt: merchant.createdAt.toISOString(),
  updatedAt: merchant.updatedAt.toISOString(),
});
