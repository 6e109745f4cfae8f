import { commonConfig, env, telemetryConfig, timeoutVars } from '@lumira/config';

const { PORT, HOST, METRICS_PORT, LOG_LEVEL, SHUTDOWN_TIMEOUT_MS } = commonConfig;

export const gatewayConfig = {
  PORT,
  HOST,
  METRICS_PORT,
  LOG_LEVEL,
  SHUTDOWN_TIMEOUT_MS,
  ...telemetryConfig,
  PAYMENT_URL: env.url({ description: 'Base URL of the payment service', default: 'http://127.0.0.1:3001' }),
  ORDER_URL: env.url({ description: 'Base URL of the order service', default: 'http://127.0.0.1:3002' }),
  USER_URL: env.url({ description: 'Base URL of the user service', default: 'http://127.0.0.1:3003' }),
  NOTIFICATION_URL: env.url({ description: 'Base URL of the notification service', default: 'http://127.0.0.1:3004' }),
  CRM_SYNC_URL: env.url({ description: 'Base URL of the crm-sync service', default: 'http://127.0.0.1:3005' }),
  FULFILMENT_URL: env.url({ description: 'Base URL of the fulfilment service', default: 'http://127.0.0.1:3006' }),
  CORS_ORIGINS: env.list({ description: 'Browser origins allowed to call the API (comma-separated); empty = none', default: '' }),
  RATE_LIMIT_MAX: env.int({ description: 'Requests per client IP and window on public routes', default: '300', min: 1 }),
  RATE_LIMIT_WINDOW_MS: env.int({ description: 'Rate-limit window', default: '60000', min: 1000 }),
  BODY_LIMIT_BYTES: env.int({ description: 'Largest accepted request body', default: '65536', min: 1024, max: 10485760 }),
  CLIENT_BODY_TIMEOUT_MS: env.int({ description: 'Longest pause in a request body before the gateway answers 408', default: '30000', min: 100 }),
  UPSTREAM_TIMEOUT_MS: timeoutVars.UPSTREAM_TIMEOUT_MS,
  SHOP_NAME: env.string({ description: 'Shop name, in the mails and on the API documentation (/docs)', default: 'Oracle Lumira' }),
  PUBLIC_URL: env.optionalUrl({
    description: 'Public address of the gateway (https://api.example.com); an https one makes every page ask the browser to upgrade to https',
  }),
  TRUST_PROXY: env.bool({ description: 'Trust X-Forwarded-For from a load balancer in front (Coolify, Ingress)', default: 'false' }),
};
