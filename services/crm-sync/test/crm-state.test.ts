import t from 'tap';
import { tempStore } from '@lumira/testing';
import { crmState, type CrmStateDoc } from '../src/crm-state.js';

t.test('jobs noting at once each keep their notes, newest first, twenty kept', async (t) => {
  const store = (await tempStore(t)).forService('crm-sync');
  const state = crmState(store.collection<CrmStateDoc>('state'));

  // The first notes ever (no state document yet) and later ones, each batch made at once.
  await Promise.all(['a', 'b', 'c'].map((job) => state.noted(`customer:${job}`, [`${job} cut`])));
  t.same((await state.read()).notes?.map((n) => n.message).sort(), ['a cut', 'b cut', 'c cut'], 'none lost when the document is made');

  await state.pushed(); // another field of the same document, written meanwhile
  await Promise.all(['d', 'e', 'f', 'g'].map((job) => state.noted(`invoice:${job}`, [`${job} deleted`, `${job} again`])));
  const notes = (await state.read()).notes ?? [];
  t.equal(notes.length, 11);
  for (const job of ['d', 'e', 'f', 'g']) {
    const mine = notes.filter((n) => n.jobId === `invoice:${job}`).map((n) => n.message);
    t.same(mine, [`${job} deleted`, `${job} again`], `invoice:${job}'s notes, in its order`);
  }
  t.same(
    notes.slice(8).map((n) => n.jobId),
    notes
      .slice(8)
      .map((n) => n.jobId)
      .filter((id) => id.startsWith('customer:')),
    'the older ones after',
  );

  await Promise.all(Array.from({ length: 15 }, (_, i) => state.noted(`customer:${i}`, ['one more'])));
  t.equal((await state.read()).notes?.length, 20, 'twenty kept');
  t.ok((await state.read()).lastPushAt instanceof Date, 'the other fields stay');
});
