import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { envConfig } from './env.config';

@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [envConfig] })],
  providers: [AppConfig],
  exports: [AppConfig],
})
export class AppConfigModule {}
