import t from 'tap';
import { mergeProfile } from '../src/profile-merge.js';

const current = { name: 'Ana', email: 'ana@x.fr', phone: null, profileUpdatedAt: new Date('2025-01-01T10:00:00Z') };

t.test('a newer CRM edit wins, field by field', async (t) => {
  const r = mergeProfile(current, { name: 'Ana B', email: 'ANA@x.fr', phone: '+33 1', modifiedAt: new Date('2025-01-02T00:00:00Z') });
  t.same(r.changed, ['name', 'phone']);
  t.same(r.set, { name: 'Ana B', phone: '+33 1', profileUpdatedAt: new Date('2025-01-02T00:00:00Z') });
});

t.test('an older or simultaneous CRM edit is stale', async (t) => {
  t.same(mergeProfile(current, { name: 'Old', email: null, phone: null, modifiedAt: new Date('2024-12-31T00:00:00Z') }).changed, []);
  t.same(mergeProfile(current, { name: 'Same', email: null, phone: null, modifiedAt: current.profileUpdatedAt }).changed, []);
});

t.test('empty CRM values never erase ours', async (t) => {
  t.same(mergeProfile(current, { name: null, email: null, phone: null, modifiedAt: new Date('2026-01-01T00:00:00Z') }).changed, []);
});
