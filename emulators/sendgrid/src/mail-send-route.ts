import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidGrant } from './error-bodies.js';
import type { FailureQueue } from './failure-injection.js';
import { validateMailBody } from './mail-validation.js';

export interface AcceptedMail {
  id: string;
  receivedAt: string;
  body: Record<string, unknown>;
}

export interface MailSendRouteOptions {
  apiKey: string | undefined;
  failures: FailureQueue;
  accepted: AcceptedMail[];
}

/** SendGrid's ids are 22 url-safe characters; 16 random bytes in base64url give exactly that. */
const newMessageId = (): string => randomBytes(16).toString('base64url');

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export async function mailSendRoute(app: FastifyInstance, options: MailSendRouteOptions): Promise<void> {
  // onRequest, before the body is read: a scripted failure or a bad key must win even over a body too large to parse.
  const refuseEarly = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const failure = options.failures.take(new Date());
    if (failure) return reply.code(failure.status).headers(failure.headers).send(failure.body);
    const token = bearerToken(request);
    if (!token || (options.apiKey !== undefined && token !== options.apiKey)) return reply.code(401).send(invalidGrant());
    return undefined;
  };

  app.post('/v3/mail/send', { onRequest: refuseEarly }, async (request, reply) => {
    const errors = validateMailBody(request.body);
    if (errors.length > 0) return reply.code(400).send({ errors });
    const body = request.body as Record<string, unknown>;
    const id = newMessageId();
    if (isSandboxed(body)) return reply.code(200).header('x-message-id', id).send();
    options.accepted.push({ id, receivedAt: new Date().toISOString(), body });
    return reply.code(202).header('x-message-id', id).send();
  });
}

/** Sandbox mode: SendGrid validates the mail, answers 200 instead of 202, and delivers nothing. */
function isSandboxed(body: Record<string, unknown>): boolean {
  const settings = body.mail_settings as { sandbox_mode?: { enable?: unknown } } | undefined;
  return settings?.sandbox_mode?.enable === true;
}
