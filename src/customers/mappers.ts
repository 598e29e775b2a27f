import { formatCents } from '../platform/money';
import { formatCpf } from './cpf';
import { CustomerDto, ScoreDataDto } from './dto/customer.dto';
import { EventDto } from './dto/event.dto';
import { ageOn, CustomerEvent, CustomerView } from './model';
import { TierBRow } from './customers.repository';

export function toScoreDataDto(customerId: string, tierB: TierBRow, today: Date): ScoreDataDto {
  return {
    customerId,
    birthDate: tierB.birthDate,
    age: tierB.birthDate ? ageOn(tierB.birthDate, today) : null,
    address: tierB.region,
    assets: tierB.assets.map((asset) => ({ type: asset.type, description: asset.description, value: formatCents(asset.valueCents) })),
    incomeSources: tierB.incomeSources.map((income) => ({ source: income.source, monthlyAmount: formatCents(income.monthlyAmountCents) })),
  };
}

export function toCustomerDto(view: CustomerView, today: Date): CustomerDto {
  const tierA = view.tierA;
  return {
    id: view.id,
    ...(tierA
      ? {
          cpf: formatCpf(tierA.cpf),
          name: tierA.name,
          address: tierA.address,
          debts: tierA.debts.map((debt) => ({ creditor: debt.creditor, amount: formatCents(debt.amountCents), dueDate: debt.dueDate, status: debt.status })),
        }
      : {}),
    scoreData: toScoreDataDto(view.id, view.tierB, today),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

export function toEventDto(event: CustomerEvent): EventDto {
  return {
    id: event.id.toString(),
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    amount: event.amountCents === null ? null : formatCents(event.amountCents),
    details: event.details,
  };
}
