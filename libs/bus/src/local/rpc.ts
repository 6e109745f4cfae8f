import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import type { Logger } from 'pino';
import type { RequestOptions, RpcHandler, Subscription } from '../bus.js';
import { fromRpcResult, parseReply, parseRequest, toRpcResult } from '../codec.js';
import { RpcTimeoutError } from '../errors.js';
import { flowIds } from '../flow-ids.js';
import { traceRpc } from '../tracing.js';
import { activeTraceCarrier } from '@lumira/telemetry';

/** Request/reply inside one process, with the same JSON round trip and error mapping as over NATS. */
export class LocalRpc {
  private readonly handlers = new Map<string, RpcHandler<RpcSubject>>();

  constructor(private readonly log: Logger) {}

  serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Subscription {
    this.handlers.set(subject, handler as unknown as RpcHandler<RpcSubject>);
    return {
      stop: async () => {
        this.handlers.delete(subject);
      },
    };
  }

  async request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options: RequestOptions = {}): Promise<RpcReply<S>> {
    const handler = this.handlers.get(subject);
    if (!handler) throw new RpcTimeoutError(subject);
    const correlationId = options.correlationId ?? 'rpc';
    const log = this.log.child({ rpc: subject, correlationId, ...flowIds(request) });
    // Round-trip through JSON so the in-process path sees exactly what NATS would carry.
    const wire = JSON.parse(JSON.stringify(request)) as unknown;
    // The caller's context as NATS would carry it in headers: the handler's span is its child either way.
    const result = await traceRpc(subject, activeTraceCarrier(), async () => {
      try {
        const value = await handler(parseRequest(subject, wire) as never, { correlationId, log });
        return toRpcResult(JSON.parse(JSON.stringify(value)));
      } catch (err) {
        if (!(err instanceof Error && err.name === 'RpcError')) log.error({ err }, 'rpc handler failed');
        return toRpcResult(undefined, err);
      }
    });
    return parseReply(subject, fromRpcResult(result)) as RpcReply<S>;
  }
}
