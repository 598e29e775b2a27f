import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock';
import { Seeder } from '../platform/database/seeder';
import { TransactionHost } from '../platform/database/transaction-host';
import { cpfFromBase } from './cpf';
import { CustomerEventsService } from './customer-events.service';
import { CustomersRepository } from './customers.repository';
import { CustomersService, NewCustomer } from './customers.service';
import { TierACodec } from './tier-a-codec';

/**
 * Demo customers (outside production), with valid CPFs, debts, assets, income and a few events. Their
 * ids are fixed so that the API document's examples (a card account's customer, a customer read)
 * name customers that exist on every demo install.
 */
export const DEMO_CUSTOMER_ID = '4b0c7a1e-2f7d-4e55-9d1a-8c3f0e6b2a10';

export const DEMO_CUSTOMERS: Array<NewCustomer & { id: string }> = [
  {
    id: DEMO_CUSTOMER_ID,
    cpf: cpfFromBase('529982247'),
    name: 'José da Silva',
    address: { street: 'Rua das Flores', number: '123', district: 'Centro', city: 'São Paulo', state: 'SP', postalCode: '01310100' },
    debts: [{ creditor: 'Banco Exemplo S.A.', amountCents: 150_000n, dueDate: '2026-12-10', status: 'OPEN' }],
    birthDate: '1985-03-22',
    assets: [{ type: 'VEHICLE', description: 'Hatch 2019', valueCents: 4_500_000n }],
    incomeSources: [{ source: 'Salário', monthlyAmountCents: 650_000n }],
  },
  {
    id: '7d2e9f40-5b1c-4a8e-b3f6-0c9a1d2e3f41',
    cpf: cpfFromBase('111444777'),
    name: 'Maria Oliveira',
    address: { street: 'Avenida Brasil', number: '2000', complement: 'apto 81', city: 'Rio de Janeiro', state: 'RJ', postalCode: '20040002' },
    debts: [],
    birthDate: '1992-11-05',
    assets: [
      { type: 'REAL_ESTATE', description: 'Apartamento', valueCents: 52_000_000n },
      { type: 'INVESTMENT', description: 'Tesouro Selic', valueCents: 3_000_000n },
    ],
    incomeSources: [
      { source: 'Salário', monthlyAmountCents: 1_200_000n },
      { source: 'Aluguel', monthlyAmountCents: 250_000n },
    ],
  },
  {
    id: 'a3f1c2d4-6e7b-4c9d-8f0a-1b2c3d4e5f62',
    cpf: cpfFromBase('935411347'),
    name: 'Ana Costa',
    address: { street: 'Rua XV de Novembro', number: '45', city: 'Curitiba', state: 'PR', postalCode: '80020310' },
    debts: [
      { creditor: 'Financeira Rápida', amountCents: 89_990n, dueDate: '2026-08-01', status: 'OVERDUE' },
      { creditor: 'Loja Central', amountCents: 12_050n, dueDate: '2026-10-15', status: 'NEGOTIATED' },
    ],
    birthDate: '2001-07-30',
    assets: [],
    incomeSources: [{ source: 'Estágio', monthlyAmountCents: 180_000n }],
  },
];

@Injectable()
export class DemoCustomersSeeder implements Seeder {
  readonly name = 'demo-customers';

  constructor(
    private readonly customers: CustomersService,
    private readonly repository: CustomersRepository,
    private readonly events: CustomerEventsService,
    private readonly codec: TierACodec,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async seed({ demo }: { demo: boolean }): Promise<number> {
    if (!demo) return 0;
    let created = 0;
    for (const [index, { id, ...input }] of DEMO_CUSTOMERS.entries()) {
      if (await this.repository.idByCpfIndex(this.codec.cpfIndex(input.cpf))) continue;
      await this.tx.run(async () => {
        const customer = await this.customers.create(input, undefined, id);
        const day = (n: number) => new Date(this.clock.now().getTime() - n * 86_400_000);
        await this.events.record(customer.id, { type: 'FINANCIAL_MOVEMENT', occurredAt: day(3 + index), amountCents: 120_000n, details: { description: 'PIX recebido' } });
        await this.events.record(customer.id, { type: 'FINANCIAL_MOVEMENT', occurredAt: day(2 + index), amountCents: -45_090n, details: { description: 'Boleto pago' } });
        await this.events.record(customer.id, { type: 'CARD_PURCHASE', occurredAt: day(1 + index), amountCents: 8_990n, details: { merchant: 'PADARIA DO ZE', mcc: '5811' } });
      });
      created += 1;
    }
    return created;
  }
}
