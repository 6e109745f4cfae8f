import { defineService } from '@lumira/http/runtime';
import { buildUserApp } from './app.js';
import { userConfig } from './config.js';

export const userService = defineService({ name: 'user', configSpec: userConfig, build: buildUserApp });
export { buildUserApp, type UserConfig } from './app.js';
export { userConfig } from './config.js';
