import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { parseEnv } from './env';

@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      // The entry points load .env and the development secrets before Nest starts.
      ignoreEnvFile: true,
      cache: true,
      validate: parseEnv,
    }),
  ],
  providers: [AppConfig],
  exports: [AppConfig],
})
export class AppConfigModule {}
