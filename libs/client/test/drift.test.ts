import { readFile } from 'node:fs/promises';
import t from 'tap';
import { documentFile, documentText, liveDocument, typesFile, typesText } from '../tools/live-document.js';

/** The client is generated from the API description: when the API changes, this fails until it is regenerated. */
t.test('the committed document and types are what the running API describes', async (t) => {
  const live = await liveDocument();
  const hint = 'the API and @lumira/client disagree: run `npm run client:generate` and commit the result';
  t.equal(await readFile(documentFile, 'utf8'), documentText(live), hint);
  t.equal(await readFile(typesFile, 'utf8'), await typesText(live), hint);
});
