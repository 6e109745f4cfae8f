import { randomBytes } from 'node:crypto';
import { randomText } from '@lumira/contracts';

/** Random ids: they end up in object keys and links, so they say nothing about the customer or the order. */
export const newReadingId = (): string => `rdg_${randomText(12, 'base64url')}`;
export const newFileId = (): string => `fil_${randomText(12, 'base64url')}`;
export const newExpertId = (): string => `exp_${randomText(9, 'base64url')}`;
export const newSignInId = (): string => `sgn_${randomBytes(12).toString('base64url')}`;
