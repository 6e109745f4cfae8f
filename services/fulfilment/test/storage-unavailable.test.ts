import t from 'tap';
import { freePort, openMemoryBus } from '@lumira/testing';
import { pdf } from '@lumira/testing/media';
import { expertClient } from './helpers/expert-client.js';
import { startHarness } from './helpers/harness.js';

t.test('a storage that does not answer: 503, nothing recorded, no partial file, readiness down', async (t) => {
  const h = await startHarness(t, {
    openBus: async () => await openMemoryBus(),
    storage: 'embedded',
    env: {
      S3_BUCKET: 'nowhere',
      S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
      S3_TIMEOUT_MS: '2000',
    },
  });
  const x = expertClient(h);
  const expert = await x.createExpert();
  const { reading } = await x.queue();
  await x.claim(reading._id, expert.token);
  const res = await x.upload(reading._id, 'pdf', pdf(), expert.token);
  t.equal(res.status, 503);
  t.equal(res.body.error.code, 'STORAGE_UNAVAILABLE');
  t.same((await h.readings.findOne({ _id: reading._id }))?.files, {});
  t.same(await h.partials(), []);
  const ready = await h.api('/ready');
  t.equal(ready.body.checks.files.status, 'down');
});
