import { Provider } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config';
import { PhotosRepository } from './photos.repository';
import { LocalRecognitionProvider } from './providers/local.provider';
import { createRekognitionClient, RekognitionRecognitionProvider } from './providers/rekognition.provider';
import { RecognitionProvider } from './recognition-provider';

/** RECOGNITION_PROVIDER picks the adapter; everything else depends on RecognitionProvider only. */
export const recognitionProvider: Provider = {
  provide: RecognitionProvider,
  inject: [AppConfig, PhotosRepository],
  useFactory: (config: AppConfig, photos: PhotosRepository): RecognitionProvider => {
    const { provider, threshold, timeoutMs, rekognition } = config.recognition;
    if (provider === 'local') return new LocalRecognitionProvider(photos, { threshold });
    const client = createRekognitionClient({ ...rekognition, threshold, timeoutMs });
    return new RekognitionRecognitionProvider(client, { collectionId: rekognition.collectionId, threshold });
  },
};
