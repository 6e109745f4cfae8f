export { createServiceApp, requestIdFrom, type ServiceApp, type ServiceAppOptions } from './service-app.js';
export { requireAdmin } from './admin-auth.js';
export {
  AdminDisabledError,
  UnauthorizedError,
  NotFoundError,
  ConflictError,
  BadGatewayError,
  UnavailableError,
  exposed,
  createExposedError,
} from './errors.js';
export type { CheckResult, ReadinessCheck } from './health.js';
export { metricsPlugin, metricsText } from './metrics.js';
export { listenMetrics, type MetricsListener } from './metrics-listener.js';
export { healthPlugin } from './health.js';
export { deadLetterRoutes } from './dead-letter-routes.js';
export { Background, type BackgroundTask } from './background.js';
export { errorBody, lingeringClose } from './malformed-requests.js';
