import { Module } from '@nestjs/common';
import { PlatformModule } from './platform/platform.module';
import { SeedModule } from './seed/seed.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [PlatformModule, UsersModule, SeedModule],
})
export class AppModule {}
