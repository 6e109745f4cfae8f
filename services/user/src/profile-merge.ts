/** A profile edit coming from the CRM, with the time it was made there. */
export interface ProfileChange {
  name: string | null;
  email: string | null;
  phone: string | null;
  modifiedAt: Date;
}

export interface Profile {
  name: string | null;
  email: string;
  phone: string | null;
  profileUpdatedAt: Date;
}

/**
 * Last writer wins on modification time: a CRM edit older than our latest profile change is stale and
 * ignored; otherwise the fields that differ are taken. Empty CRM values never erase ours.
 */
export function mergeProfile(current: Profile, change: ProfileChange): { set: Partial<Profile>; changed: ('name' | 'email' | 'phone')[] } {
  if (change.modifiedAt.getTime() <= current.profileUpdatedAt.getTime()) return { set: {}, changed: [] };
  const set: Partial<Profile> = {};
  const changed: ('name' | 'email' | 'phone')[] = [];
  if (change.name && change.name !== current.name) {
    set.name = change.name;
    changed.push('name');
  }
  const email = change.email?.trim().toLowerCase();
  if (email && email !== current.email) {
    set.email = email;
    changed.push('email');
  }
  if (change.phone && change.phone !== current.phone) {
    set.phone = change.phone;
    changed.push('phone');
  }
  if (changed.length > 0) set.profileUpdatedAt = change.modifiedAt;
  return { set, changed };
}
