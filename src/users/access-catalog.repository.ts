import { Injectable } from '@nestjs/common';
import { PrismaService } from '../platform/database/prisma.service';

@Injectable()
export class AccessCatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts the roles that do not exist yet; returns how many were created. */
  async ensureRoles(descriptions: readonly string[]): Promise<number> {
    const { count } = await this.prisma.role.createMany({
      data: descriptions.map((description) => ({ description })),
      skipDuplicates: true,
    });
    return count;
  }

  /** Inserts the claims that do not exist yet (existing ones keep their `active` flag). */
  async ensureClaims(descriptions: readonly string[]): Promise<number> {
    const { count } = await this.prisma.claim.createMany({
      data: descriptions.map((description) => ({ description })),
      skipDuplicates: true,
    });
    return count;
  }
}
