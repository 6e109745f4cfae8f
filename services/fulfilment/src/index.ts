import { defineService } from '@lumira/http/runtime';
import { buildFulfilmentApp } from './app.js';
import { fulfilmentConfig } from './config.js';

export const fulfilmentService = defineService({
  name: 'fulfilment',
  configSpec: fulfilmentConfig,
  build: buildFulfilmentApp,
  banner: (config) => [
    config.S3_BUCKET
      ? `Files: S3 bucket ${config.S3_BUCKET}${config.S3_ENDPOINT ? ` at ${config.S3_ENDPOINT}` : ''}`
      : `Files: no S3_BUCKET — kept under ${config.DATA_DIR}/files and served through the gateway (set S3_BUCKET for S3)`,
  ],
});
export { buildFulfilmentApp, type FulfilmentConfig } from './app.js';
export { fulfilmentConfig } from './config.js';
