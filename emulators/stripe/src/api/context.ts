import type { EmulatorStore, RequestInfo } from '../store.js';

export interface ApiContext {
  store: EmulatorStore;
}

export interface Call {
  params: Record<string, unknown>;
  request: RequestInfo;
}

export const listOf = (url: string, data: unknown[], hasMore: boolean) => ({ object: 'list', data, has_more: hasMore, url });
