import { defineService } from '@lumira/http/runtime';
import { buildOrderApp } from './app.js';
import { orderConfig } from './config.js';

export const orderService = defineService({ name: 'order', configSpec: orderConfig, build: buildOrderApp });
export { buildOrderApp, type OrderConfig } from './app.js';
export { orderConfig } from './config.js';
export { nextStatus } from './order-state.js';
