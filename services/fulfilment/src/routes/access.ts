import { errorBodySchema } from '@lumira/contracts/http';
import { meReplySchema, sessionBodySchema, sessionReplySchema, signInAcceptedReplySchema, signInBodySchema } from '@lumira/contracts/fulfilment';
import type { Collection } from '@lumira/store';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CustomerAccess, SessionDoc } from '../access/customer-access.js';
import type { WindowLimit } from '../access/window-limit.js';
import type { Background } from '../background.js';
import type { LinkMaker } from '../downloads/download-links.js';
import { SessionInvalidError, TooManySignInsError } from '../errors.js';
import type { FulfilmentMetrics } from '../metrics.js';
import type { ReadingDoc } from '../reading.js';
import { customerReadingView } from '../reading-views.js';

export interface AccessRouteOptions {
  access: CustomerAccess;
  readings: Collection<ReadingDoc>;
  links: LinkMaker;
  perAddress: WindowLimit;
  perIp: WindowLimit;
  background: Background;
  metrics: FulfilmentMetrics;
}

/** The customer space the Main App calls: passwordless sign-in by mailed link, then a short session. */
export const accessRoutes: FastifyPluginAsyncZod<AccessRouteOptions> = async (app, options) => {
  const { access, readings, links, perAddress, perIp, background, metrics } = options;
  const tags = ['customer space'];
  const signedIn = { tags, security: [{ customerSession: [] }] };

  async function sessionOf(request: FastifyRequest): Promise<SessionDoc> {
    const session = await access.session(request.headers.authorization);
    if (!session) throw new SessionInvalidError();
    return session;
  }

  app.post(
    '/api/access/login',
    {
      schema: {
        tags,
        operationId: 'requestSignInLink',
        summary: 'Mail a sign-in link',
        description: 'Mail a one-time sign-in link; always 202, whether or not the address bought anything',
        body: signInBodySchema,
        response: { 202: signInAcceptedReplySchema, 400: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request, reply) => {
      const ip = await perIp.take(request.ip);
      if (!ip.allowed) {
        metrics.signIns.inc({ outcome: 'ip_limited' });
        reply.header('retry-after', ip.retryAfterSeconds);
        throw new TooManySignInsError(ip.retryAfterSeconds);
      }
      const email = request.body.email.trim().toLowerCase();
      const locale = request.body.locale;
      // Everything that depends on the address happens after the answer, so neither the answer nor its
      // timing says whether the address has purchases or has hit its own limit.
      background.run('sign-in link', async () => {
        if (!(await perAddress.take(email)).allowed) {
          metrics.signIns.inc({ outcome: 'address_limited' });
          return;
        }
        const sent = await access.mailLink(email, locale, String(request.id));
        metrics.signIns.inc({ outcome: sent ? 'link_sent' : 'no_purchase' });
      });
      return reply.code(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/api/access/session',
    {
      schema: {
        tags,
        operationId: 'openSession',
        summary: 'Open a customer session',
        description: "Exchange a sign-in link's token for a session (once)",
        body: sessionBodySchema,
        response: { 201: sessionReplySchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      try {
        const session = await access.openSession(request.body.token);
        metrics.signIns.inc({ outcome: 'session_opened' });
        return reply.code(201).send({ sessionToken: session.sessionToken, expiresAt: session.expiresAt.toISOString() });
      } catch (err) {
        metrics.signIns.inc({ outcome: (err as { code?: string }).code ?? 'error' });
        throw err;
      }
    },
  );

  app.get(
    '/api/access/me',
    {
      schema: {
        ...signedIn,
        operationId: 'getCustomerSpace',
        summary: "The customer's purchases and readings",
        description: "The customer's purchases and readings, with download links once delivered",
        response: { 200: meReplySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const session = await sessionOf(request);
      const owned = await readings.find({ customerEmail: session.email }, { sort: { purchasedAt: -1 }, limit: 200 });
      return { email: session.email, readings: owned.map((r) => customerReadingView(r, links)) };
    },
  );

  app.delete(
    '/api/access/session',
    {
      schema: {
        ...signedIn,
        operationId: 'signOut',
        summary: 'Sign out',
        description: 'Sign out (this session)',
        response: { 204: z.null(), 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      await access.signOut(await sessionOf(request), false);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/access/sessions',
    {
      schema: {
        ...signedIn,
        operationId: 'signOutEverywhere',
        summary: 'Sign out everywhere',
        description: 'Sign out everywhere (every session of this address)',
        response: { 204: z.null(), 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      await access.signOut(await sessionOf(request), true);
      return reply.code(204).send(null);
    },
  );
};
