export { buildGatewayApp, upstreamsOf, type GatewayConfig } from './app.js';
export { gatewayConfig } from './config.js';
export { proxyRoutes } from './routes-table.js';
