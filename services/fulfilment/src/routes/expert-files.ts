import { unlink } from 'node:fs/promises';
import type { DeliverableKind } from '@lumira/contracts/catalog';
import { errorBodySchema } from '@lumira/contracts/http';
import { expertReadingViewSchema, readingFileParamsSchema } from '@lumira/contracts/fulfilment';
import type { Collection } from '@lumira/store';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LinkMaker } from '../downloads/download-links.js';
import { AudioDurationError, ReadingNotFoundError, StorageUnavailableError, UnreadableAudioError } from '../errors.js';
import type { FulfilmentMetrics } from '../metrics.js';
import { downloadName, type ReadingDoc, type StoredFile } from '../reading.js';
import { newFileId } from '../reading-ids.js';
import { expertReadingView } from '../reading-views.js';
import type { ReadingWork } from '../reading-work.js';
import type { FileStore } from '../storage/file-store.js';
import { checkAudioDuration, readAudioDuration } from '../uploads/audio-duration.js';
import { contentTypeOf } from '../uploads/file-format.js';
import { receiveUpload, type ReceivedUpload } from '../uploads/receive-upload.js';

export interface ExpertFileOptions {
  readings: Collection<ReadingDoc>;
  work: ReadingWork;
  files: FileStore;
  links: LinkMaker;
  uploadDir: string;
  maxBytes: Record<DeliverableKind, number>;
  audioTolerancePercent: number;
  metrics: FulfilmentMetrics;
}

const declaredLength = (header: string | undefined): number | undefined => (header && /^\d+$/.test(header) ? Number(header) : undefined);

/** Uploads and removals of a claimed reading's files; registered inside the expert-authenticated scope. */
export const expertFileRoutes: FastifyPluginAsyncZod<ExpertFileOptions> = async (app, options) => {
  const { readings, work, files, links, metrics } = options;
  const schema = { tags: ['expert'], security: [{ expertToken: [] }], params: readingFileParamsSchema };
  // The body is the file itself, whatever its Content-Type: it is left unread here and streamed by the handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  /** The audio must last about what the level promises, measured in the file, not taken from the client. */
  async function measure(reading: ReadingDoc, kind: DeliverableKind, upload: ReceivedUpload): Promise<number | null> {
    if (kind !== 'audio' || !reading.deliverables.audio) return null;
    const seconds = await readAudioDuration(upload.path);
    if (seconds === null) throw new UnreadableAudioError();
    const verdict = checkAudioDuration(seconds, reading.deliverables.audio.minutes, options.audioTolerancePercent);
    if (!verdict.ok) throw new AudioDurationError(verdict.message);
    return seconds;
  }

  /** Stores the checked file, then records it; a record that fails takes the stored object with it. */
  async function keep(
    reading: ReadingDoc,
    kind: DeliverableKind,
    upload: ReceivedUpload,
    durationSeconds: number | null,
    expertId: string,
    log: FastifyBaseLogger,
  ): Promise<StoredFile | null> {
    const id = newFileId();
    const file: StoredFile = {
      id,
      key: `readings/${reading._id}/${id}.${upload.format}`,
      format: upload.format,
      contentType: contentTypeOf[upload.format],
      size: upload.size,
      durationSeconds,
      uploadedAt: new Date(),
      uploadedBy: expertId,
    };
    await files
      .put(file.key, upload.path, { contentType: file.contentType, size: file.size, fileName: downloadName(reading, kind, file.format) })
      .catch((err: unknown) => {
        log.error({ err, readingId: reading._id }, 'file storage refused the upload');
        throw new StorageUnavailableError();
      });
    try {
      return await work.attachFile(reading._id, expertId, kind, file);
    } catch (err) {
      await files.remove(file.key);
      throw err;
    }
  }

  app.put(
    '/api/expert/readings/:id/files/:kind',
    {
      schema: {
        ...schema,
        operationId: 'uploadReadingFile',
        summary: 'Upload a reading file',
        description: "Upload a reading's pdf, audio or image: the raw file as the body, streamed; its type is read from its content",
        response: {
          201: expertReadingViewSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          413: errorBodySchema,
          415: errorBodySchema,
          422: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { id, kind } = request.params;
      const expertId = request.expert._id;
      const reading = await work.workable(id, expertId, kind);
      let upload: ReceivedUpload | undefined;
      try {
        upload = await receiveUpload(request.raw, declaredLength(request.headers['content-length']), {
          kind,
          maxBytes: options.maxBytes[kind],
          dir: options.uploadDir,
        });
        const replaced = await keep(reading, kind, upload, await measure(reading, kind, upload), expertId, request.log);
        if (replaced)
          await files.remove(replaced.key).catch((err: unknown) => request.log.warn({ err, readingId: id }, 'replaced file not removed from storage'));
        metrics.uploads.inc({ kind, outcome: 'accepted' });
        request.log.info({ readingId: id, kind, size: upload.size, format: upload.format }, 'reading file stored');
      } catch (err) {
        metrics.uploads.inc({ kind, outcome: (err as { code?: string }).code ?? 'error' });
        throw err;
      } finally {
        // Moved into the embedded store, or uploaded to S3: either way the upload's own copy goes.
        if (upload) await unlink(upload.path).catch(() => undefined);
      }
      const stored = await readings.findOne({ _id: id });
      if (!stored) throw new ReadingNotFoundError();
      return reply.code(201).send(expertReadingView(stored, links));
    },
  );

  app.delete(
    '/api/expert/readings/:id/files/:kind',
    {
      schema: {
        ...schema,
        operationId: 'deleteReadingFile',
        summary: 'Remove a reading file',
        description: 'Remove a file before delivery',
        response: {
          200: expertReadingViewSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { id, kind } = request.params;
      const removed = await work.detachFile(id, request.expert._id, kind);
      await files.remove(removed.key).catch((err: unknown) => request.log.warn({ err, readingId: id }, 'removed file not deleted from storage'));
      const stored = await readings.findOne({ _id: id });
      if (!stored) throw new ReadingNotFoundError();
      return expertReadingView(stored, links);
    },
  );
};
