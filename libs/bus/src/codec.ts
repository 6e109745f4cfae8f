import { envelopeSchema, isEventType, makeEnvelope, type Envelope, type EnvelopeOptions, type EventData, type EventType } from '@lumira/contracts';
import { eventSchemas } from '@lumira/contracts';
import { rpcResultSchema, rpcSchemas, type RpcResult, type RpcSubject } from '@lumira/contracts/rpc';
import { InvalidEventError, RpcError } from './errors.js';
import { stampTrace } from './tracing.js';

/** The one check on both sides: at publish it throws, at consume the caller dead-letters. */
export function validateEnvelope(envelope: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new InvalidEventError('unknown', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const env = parsed.data as Envelope;
  if (!isEventType(env.type)) throw new InvalidEventError(env.type, 'unknown event type');
  const data = eventSchemas[env.type].safeParse(env.data);
  if (!data.success) throw new InvalidEventError(env.type, data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const valid = { ...env, data: data.data };
  checked.add(valid);
  return valid;
}

/**
 * The envelopes validateEnvelope returned. An event is checked when it is made (createEvent, before the
 * state change that carries it is written), and its outbox hands the same object to publishEnvelope:
 * checking it again there was 1.5 % of the services' thread in the benchmark. A copy (an outbox entry
 * read back from the store, a dead letter's payload) is not in the set and is checked.
 */
const checked = new WeakSet<object>();

/** For publishing: the envelope itself when this process already checked it, else validateEnvelope. */
export function checkedEnvelope(envelope: Envelope): Envelope {
  return checked.has(envelope) ? envelope : validateEnvelope(envelope);
}

/** A new event carries the trace context it was made in, so its consumers (even after an outbox) continue it. */
export function buildEnvelope(type: EventType, data: unknown, options?: EnvelopeOptions): Envelope {
  return validateEnvelope(stampTrace(makeEnvelope(type, data, options)));
}

/** A typed, validated event for an outbox: an invalid one throws before any state is written. */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Envelope<EventData<T>> {
  return buildEnvelope(type, data, options) as Envelope<EventData<T>>;
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new InvalidEventError('unknown', 'payload is not JSON');
  }
  return validateEnvelope(json);
}

/** A dead letter's payload as a valid event, or null: replayable only once it is one. */
export function envelopeOfPayload(payload: string): Envelope | null {
  try {
    return decodeEnvelope(Buffer.from(payload, 'utf8'));
  } catch {
    return null;
  }
}

export function parseRequest<S extends RpcSubject>(subject: S, value: unknown) {
  const r = rpcSchemas[subject].request.safeParse(value);
  if (!r.success)
    throw new RpcError('BAD_REQUEST', `invalid ${subject} request: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 400);
  return r.data;
}

export function parseReply<S extends RpcSubject>(subject: S, value: unknown) {
  return rpcSchemas[subject].reply.parse(value);
}

/** Unexpected errors cross the wire without their internals: the caller only learns it failed. */
export function toRpcResult(value: unknown, err?: unknown): RpcResult {
  if (err === undefined) return { ok: true, value };
  if (err instanceof RpcError) return { ok: false, error: { code: err.code, message: err.message, status: err.status } };
  return { ok: false, error: { code: 'INTERNAL', message: 'internal error in the replying service', status: 500 } };
}

export function fromRpcResult(raw: unknown): unknown {
  const result = rpcResultSchema.parse(raw);
  if (result.ok) return result.value;
  throw new RpcError(result.error.code, result.error.message, result.error.status);
}
