import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { PrismaService } from './prisma.service';

type TransactionClient = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
/** What repositories query through: the ambient transaction's client, or the pool. */
export type Db = PrismaService | TransactionClient;

const TX = 'prismaTransaction';

/**
 * Ambient transactions: a service wraps a use case in `run()`, and every repository call inside it
 * (through `db`) joins the same database transaction, audit records included, without passing a
 * client around. Nested `run()` calls join the outer transaction.
 */
@Injectable()
export class TransactionHost {
  constructor(
    private readonly prisma: PrismaService,
    private readonly cls: ClsService,
  ) {}

  get db(): Db {
    return (this.cls.isActive() && this.cls.get<TransactionClient | undefined>(TX)) || this.prisma;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.cls.isActive() && this.cls.get(TX)) return work();
    return this.prisma.$transaction((tx) =>
      this.cls.run({ ifNested: 'inherit' }, () => {
        this.cls.set(TX, tx);
        return work();
      }),
    );
  }
}
