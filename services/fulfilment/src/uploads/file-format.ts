import type { DeliverableKind } from '@lumira/contracts/catalog';

/** What a file is, by its first bytes; the name and Content-Type the client gives are never trusted. */
export type FileFormat = 'pdf' | 'mp3' | 'm4a' | 'wav' | 'ogg' | 'flac' | 'png' | 'jpeg' | 'webp';

export const formatsOfKind: Record<DeliverableKind, readonly FileFormat[]> = {
  pdf: ['pdf'],
  audio: ['mp3', 'm4a', 'wav', 'ogg', 'flac'],
  image: ['png', 'jpeg', 'webp'],
};

export const contentTypeOf: Record<FileFormat, string> = {
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** Enough of the head of a file for every signature below. */
export const SNIFF_BYTES = 12;

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length && [...text].every((c, i) => head[at + i] === c.charCodeAt(0));

const bytes = (head: Uint8Array, at: number, expected: number[]): boolean => expected.every((b, i) => head[at + i] === b);

/** MPEG audio layer III frame sync (11 bits set, layer bits 01); ADTS AAC, which shares the sync, has layer 00. */
const mpegLayer3Frame = (head: Uint8Array): boolean => head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && ((head[1] ?? 0) & 0x06) === 0x02;

/** ISO media brands of audio files (iTunes writes M4A, many encoders write isom/mp42 for .m4a). */
const audioBrands = ['M4A ', 'M4B ', 'mp42', 'isom', 'mp41', 'iso2'];

export function sniffFormat(head: Uint8Array): FileFormat | null {
  if (ascii(head, 0, '%PDF-')) return 'pdf';
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'wav';
  if (ascii(head, 0, 'OggS')) return 'ogg';
  if (ascii(head, 0, 'fLaC')) return 'flac';
  if (ascii(head, 0, 'ID3') || mpegLayer3Frame(head)) return 'mp3';
  if (ascii(head, 4, 'ftyp') && audioBrands.some((brand) => ascii(head, 8, brand))) return 'm4a';
  return null;
}

export function acceptedFor(kind: DeliverableKind, format: FileFormat | null): format is FileFormat {
  return format !== null && formatsOfKind[kind].includes(format);
}
