import { PickType } from '@nestjs/swagger';
import { Command, Option } from 'nest-commander';
import { ADMIN_ROLE } from '../platform/auth/claims';
import { UsageError } from '../platform/boot';
import { withContext } from '../platform/cli/cli-runtime';
import { validateOptions } from '../platform/cli/input';
import { print, RecordsCommand } from '../platform/cli/output';
import { SeedModule } from '../seed/seed.module';
import { SeedService } from '../seed/seed.service';
import { CreatedUserDto, CreateUserDto } from '../users/dto/user.dto';
import { toUserDto } from '../users/mappers';
import { RoleNameNotFoundError } from '../users/errors';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';

// Both commands run the whole seed first (every module's reference data, so a new database has its
// roles), and only an entry point may import the seed.

/** What an operator gives for a new user, checked as POST /api/v1/users checks it. */
class NewUserOptionsDto extends PickType(CreateUserDto, ['name', 'email'] as const) {}

interface NewUserOptions {
  email: string;
  name: string;
  role?: string;
}

/** Creates users from the command line: the roles are seeded first, so this works on a new database. */
abstract class NewUserCommand extends RecordsCommand<CreatedUserDto, NewUserOptions> {
  protected async create(options: NewUserOptions, roleName: string): Promise<CreatedUserDto> {
    const input = await validateOptions(NewUserOptionsDto, { email: options.email, name: options.name });
    return withContext([UsersModule, SeedModule], async (context) => {
      await context.get(SeedService).run();
      const { user, generatedPassword } = await context
        .get(UsersService)
        .createWithRole(input, roleName)
        .catch((error: unknown) => {
          if (error instanceof RoleNameNotFoundError) throw new UsageError(`--role must be one of ${error.roles.join(', ')}`);
          throw error;
        });
      return { ...toUserDto(user), generatedPassword };
    });
  }

  protected render(user: CreatedUserDto): void {
    print(user.role.description === ADMIN_ROLE ? `Created administrator ${user.email} (id ${user.id}).` : `Created user ${user.email} (id ${user.id}, role ${user.role.description}).`);
    print(`Password (shown once, store it now): ${user.generatedPassword}`);
  }

  @Option({ flags: '--email <email>', description: 'E-mail (login)', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name', required: true })
  parseName(value: string): string {
    return value;
  }
}

@Command({ name: 'users:create-admin', description: 'Create an administrator and print its generated password once' })
export class CreateAdminCommand extends NewUserCommand {
  protected records(_params: string[], options: NewUserOptions): Promise<CreatedUserDto> {
    return this.create(options, ADMIN_ROLE);
  }
}

@Command({ name: 'users:create', description: 'Create a user of a role (a machine client: erp, card-network, device) and print its generated password once' })
export class CreateUserCommand extends NewUserCommand {
  protected records(_params: string[], options: NewUserOptions): Promise<CreatedUserDto> {
    return this.create(options, options.role!);
  }

  @Option({ flags: '--role <role>', description: 'Role name: admin, operator, erp, card-network, device, or one created since', required: true })
  parseRole(value: string): string {
    return value;
  }
}
