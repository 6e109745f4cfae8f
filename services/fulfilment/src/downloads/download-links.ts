import type { DeliverableKind } from '@lumira/contracts/catalog';
import type { FileView } from '@lumira/contracts/fulfilment';
import { deliverableKinds, downloadName, type ReadingDoc } from '../reading.js';
import { signLink } from './signed-link.js';

export interface LinkSettings {
  key: Buffer;
  lifetimeSeconds: number;
  /** The gateway's public URL; without it links are paths on the API's host. */
  publicApiUrl: string | undefined;
}

export type LinkMaker = (reading: ReadingDoc) => FileView[];

/** The reading's files, each with a fresh signed link to `/api/files/<reading>/<file>`. */
export function linkMaker(settings: LinkSettings, now: () => number = Date.now): LinkMaker {
  const base = settings.publicApiUrl?.replace(/\/+$/, '') ?? '';
  return (reading) => {
    const expires = Math.floor(now() / 1000) + settings.lifetimeSeconds;
    return deliverableKinds.flatMap((kind: DeliverableKind) => {
      const file = reading.files[kind];
      if (!file) return [];
      const signature = signLink(settings.key, { readingId: reading._id, fileId: file.id }, expires);
      return [
        {
          kind,
          fileName: downloadName(reading, kind, file.format),
          contentType: file.contentType,
          size: file.size,
          durationSeconds: file.durationSeconds,
          uploadedAt: file.uploadedAt.toISOString(),
          url: `${base}/api/files/${reading._id}/${file.id}?expires=${expires}&signature=${signature}`,
          expiresAt: new Date(expires * 1000).toISOString(),
        },
      ];
    });
  };
}
