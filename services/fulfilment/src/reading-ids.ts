import { randomBytes } from 'node:crypto';

/** Random ids: they end up in object keys and links, so they say nothing about the customer or the order. */
export const newReadingId = (): string => `rdg_${randomBytes(12).toString('base64url')}`;
export const newFileId = (): string => `fil_${randomBytes(12).toString('base64url')}`;
export const newExpertId = (): string => `exp_${randomBytes(9).toString('base64url')}`;
export const newSignInId = (): string => `sgn_${randomBytes(12).toString('base64url')}`;
