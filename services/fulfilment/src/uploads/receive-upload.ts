import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DeliverableKind } from '@lumira/contracts/catalog';
import { EmptyUploadError, FileTooLargeError, UnsupportedFileTypeError, UploadAbortedError } from '../errors.js';
import { acceptedFor, formatsOfKind, SNIFF_BYTES, sniffFormat, type FileFormat } from './file-format.js';

export interface UploadLimits {
  kind: DeliverableKind;
  maxBytes: number;
  /** Where partial files are written: on the same disk as the embedded store, so moving one is a rename. */
  dir: string;
}

export interface ReceivedUpload {
  path: string;
  size: number;
  format: FileFormat;
}

/** Counts and sniffs the bytes as they pass: a wrong type fails on the first chunk, a too-big file at the limit. */
function inspector(limits: UploadLimits, seen: { size: number; format: FileFormat | null | undefined }): Transform {
  let head = Buffer.alloc(0);
  const judge = (): Error | null => {
    seen.format = sniffFormat(head);
    if (acceptedFor(limits.kind, seen.format)) return null;
    return new UnsupportedFileTypeError(limits.kind, seen.format ?? 'an unknown format', formatsOfKind[limits.kind].join(', '));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen.size += chunk.length;
      if (seen.size > limits.maxBytes) return done(new FileTooLargeError(limits.kind, limits.maxBytes));
      if (seen.format === undefined) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) return done(judge(), chunk);
      }
      done(null, chunk);
    },
    flush(done) {
      if (seen.size === 0) return done(new EmptyUploadError());
      done(seen.format === undefined ? judge() : null);
    },
  });
}

/**
 * Streams a request body into a file of its own, never holding it whole in memory. Whatever goes wrong
 * (a refused type or size, a client that goes away, a full disk) the partial file is removed before the
 * error goes up. The request itself is never destroyed here: after a refusal the rest of its body is
 * read and dropped, so the client (or the gateway in front) gets the answer instead of a reset.
 */
export async function receiveUpload(body: IncomingMessage, declaredLength: number | undefined, limits: UploadLimits): Promise<ReceivedUpload> {
  if (declaredLength !== undefined && declaredLength > limits.maxBytes) throw new FileTooLargeError(limits.kind, limits.maxBytes);
  await mkdir(limits.dir, { recursive: true });
  const file = path.join(limits.dir, `${randomUUID()}.part`);
  const seen: { size: number; format: FileFormat | null | undefined } = { size: 0, format: undefined };
  const inspect = inspector(limits, seen);
  const interrupted = () => {
    if (!body.complete) inspect.destroy(new UploadAbortedError());
  };
  body.once('close', interrupted);
  body.once('error', interrupted);
  body.pipe(inspect);
  try {
    await pipeline(inspect, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    body.unpipe(inspect);
    if (!body.destroyed) body.resume();
    await unlink(file).catch(() => undefined);
    throw err;
  } finally {
    body.off('close', interrupted);
    body.off('error', interrupted);
  }
  return { path: file, size: seen.size, format: seen.format as FileFormat };
}
