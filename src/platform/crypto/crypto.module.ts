import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BlindIndex } from './blind-index';
import { FieldCipher, parseFieldKeys } from './field-cipher';

/** Field encryption and blind indexes, configured from FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY. */
@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const { fieldEncryptionKeys, fieldEncryptionActiveKey } = config.secrets;
        if (!fieldEncryptionKeys) throw new Error('FIELD_ENCRYPTION_KEYS is not set: the entry point provides it before the application starts');
        const keys = parseFieldKeys(fieldEncryptionKeys);
        return new FieldCipher(keys, fieldEncryptionActiveKey ?? keys[0].id);
      },
    },
    {
      provide: BlindIndex,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const key = config.secrets.blindIndexKey;
        if (!key) throw new Error('BLIND_INDEX_KEY is not set: the entry point provides it before the application starts');
        return new BlindIndex(Buffer.from(key, 'base64'));
      },
    },
  ],
  exports: [FieldCipher, BlindIndex],
})
export class CryptoModule {}
