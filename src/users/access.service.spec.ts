import { AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock';
import { AccessService } from './access.service';
import { UserRecord } from './records';
import { UsersRepository } from './users.repository';

class FakeClock extends Clock {
  at = new Date('2026-01-01T00:00:00Z');
  now() {
    return this.at;
  }
  advance(ms: number) {
    this.at = new Date(this.at.getTime() + ms);
  }
}

const claim = (id: number, description: string, active = true) => ({ id: BigInt(id), description, active });

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 7n,
    name: 'Ana',
    email: 'ana@x.io',
    active: true,
    tokensValidAfter: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    role: { id: 2, description: 'operator', claims: [claim(1, 'users:read'), claim(2, 'audit:read', false)] },
    directClaims: [claim(3, 'cards:manage'), claim(1, 'users:read')],
    ...overrides,
  };
}

describe('AccessService', () => {
  let stored: UserRecord | undefined;
  let reads: number;
  let clock: FakeClock;
  let service: AccessService;

  beforeEach(() => {
    stored = user();
    reads = 0;
    clock = new FakeClock();
    const repository = { findById: async () => (reads++, stored) } as unknown as UsersRepository;
    service = new AccessService(repository, { auth: { principalCacheMs: 15_000 } } as AppConfig, clock);
  });

  it('holds the active claims of the role and of the user, once each', async () => {
    const principal = await service.resolve(7n);
    expect([...principal!.claims].sort()).toEqual(['cards:manage', 'users:read']);
    expect(principal).toMatchObject({ userId: 7n, email: 'ana@x.io', role: 'operator', roleId: 2 });
  });

  it('answers from memory within the TTL and reads again after it', async () => {
    await service.resolve(7n);
    stored = user({ active: false });
    expect(await service.resolve(7n)).toBeDefined();
    expect(reads).toBe(1);
    clock.advance(15_001);
    expect(await service.resolve(7n)).toBeUndefined();
    expect(reads).toBe(2);
  });

  it('forgets at once when told', async () => {
    await service.resolve(7n);
    stored = undefined;
    service.invalidate(7n);
    expect(await service.resolve(7n)).toBeUndefined();
  });
});
