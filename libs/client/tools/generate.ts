import { writeFile } from 'node:fs/promises';
import { documentFile, documentText, liveDocument, typesFile, typesText } from './live-document.js';

/** Regenerates the client's document and types from the API as it runs now. */
const document = await liveDocument();
await writeFile(documentFile, documentText(document));
await writeFile(typesFile, await typesText(document));
process.stdout.write(`wrote ${documentFile.pathname} and ${typesFile.pathname}\n`);
