import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { errorBodySchema } from '@lumira/contracts/http';
import { downloadParamsSchema, downloadQuerySchema, fileBytesSchema } from '@lumira/contracts/fulfilment';
import type { Collection } from '@lumira/store';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parseRange } from '../downloads/byte-range.js';
import { checkLink } from '../downloads/signed-link.js';
import {
  AccessRevokedError,
  AccessSuspendedError,
  FileReplacedError,
  LinkExpiredError,
  LinkInvalidError,
  RangeNotSatisfiableError,
  ReadingNotFoundError,
} from '../errors.js';
import type { FulfilmentMetrics } from '../metrics.js';
import { deliverableKinds, downloadName, type ReadingDoc, type StoredFile } from '../reading.js';
import type { FileStore } from '../storage/file-store.js';

export interface DownloadOptions {
  readings: Collection<ReadingDoc>;
  files: FileStore;
  key: Buffer;
  metrics: FulfilmentMetrics;
}

const revocationWords = { refunded: 'the order was refunded', dispute_lost: 'the payment was disputed and the dispute lost' } as const;

/** Streams a local file, the whole of it or the one range asked (audio players seek with Range). */
async function sendLocal(reply: FastifyReply, path: string, file: StoredFile, ifRange: string | undefined, rangeHeader: string | undefined) {
  const { size } = await stat(path);
  const etag = `"${file.id}"`;
  const range = ifRange && ifRange !== etag ? 'none' : parseRange(rangeHeader, size);
  reply.header('accept-ranges', 'bytes').header('etag', etag);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new RangeNotSatisfiableError();
  }
  reply.type(file.contentType);
  if (range === 'none') return reply.header('content-length', size).send(createReadStream(path));
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(path, { start: range.start, end: range.end }));
}

/**
 * The signed download links of `/api/files/…`. Every use is checked against the reading as it is now, so
 * a refund, a lost dispute or an open one stops links at once; on S3 the answer is a redirect to a
 * presigned URL that lives a couple of minutes.
 */
export const downloadRoutes: FastifyPluginAsyncZod<DownloadOptions> = async (app, { readings, files, key, metrics }) => {
  app.get(
    '/api/files/:readingId/:fileId',
    {
      schema: {
        tags: ['downloads'],
        operationId: 'downloadFile',
        summary: 'Download a reading file',
        description: 'Download a reading file with a signed link (from /api/access/me or the Expert App); honours Range',
        params: downloadParamsSchema,
        querystring: downloadQuerySchema,
        response: {
          200: { description: 'The whole file', content: { 'application/octet-stream': { schema: fileBytesSchema } } },
          206: { description: 'The range asked (Range header)', content: { 'application/octet-stream': { schema: fileBytesSchema } } },
          400: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          410: errorBodySchema,
          416: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { readingId, fileId } = request.params;
      const verdict = checkLink(key, { readingId, fileId }, request.query.expires, request.query.signature, Math.floor(Date.now() / 1000));
      metrics.downloads.inc({ outcome: verdict });
      if (verdict === 'forged') throw new LinkInvalidError();
      if (verdict === 'expired') throw new LinkExpiredError();
      const reading = await readings.findOne({ _id: readingId });
      if (!reading) throw new ReadingNotFoundError();
      if (reading.status === 'revoked') throw new AccessRevokedError(revocationWords[reading.revokedReason ?? 'refunded']);
      if (reading.status === 'suspended') throw new AccessSuspendedError();
      const kind = deliverableKinds.find((k) => reading.files[k]?.id === fileId);
      const file = kind ? reading.files[kind] : undefined;
      if (!kind || !file) throw new FileReplacedError();
      // The link is the credential, and the shop's site (another origin) plays it in <audio> or <img>:
      // the gateway's same-origin resource policy would have the browser block it.
      reply.header('cache-control', 'private, no-store').header('cross-origin-resource-policy', 'cross-origin');
      const fileName = downloadName(reading, kind, file.format);
      const delivery = await files.deliver(file.key, { contentType: file.contentType, size: file.size, fileName });
      if (delivery.type === 'redirect') return reply.redirect(delivery.url, 302);
      reply.header('content-disposition', `inline; filename="${fileName}"`);
      const ifRange = request.headers['if-range'];
      return await sendLocal(reply, delivery.path, file, typeof ifRange === 'string' ? ifRange : undefined, request.headers.range);
    },
  );
};
