import { request } from 'node:http';
import { tempDir } from '@lumira/testing';
import { startSystem } from '@lumira/standalone/system';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/** Where the generated client's files live, next to this tool. */
export const documentFile = new URL('../openapi.json', import.meta.url);
export const typesFile = new URL('../src/schema.ts', import.meta.url);

/**
 * The document names the address it was asked at (its servers, its licence link): it is asked as if at
 * the address `npm start` listens on, so the committed copy does not change with the test's port.
 */
const ASKED_AT = '127.0.0.1:3000';

function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host: ASKED_AT } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`${url} answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The API description exactly as the running system serves it, read from a whole system started in-process. */
export async function liveDocument(): Promise<OpenAPI3> {
  const data = await tempDir('lumira-client-');
  const system = await startSystem(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir, ADMIN_API_KEY: 'document-generation-key-0123456789' },
    { ephemeralPorts: true },
  );
  try {
    return (await getJson(new URL('/openapi.json', system.gatewayUrl).href)) as OpenAPI3;
  } finally {
    await system.stop();
    await data.remove();
  }
}

/** The committed document, as text: stable key order comes from the gateway, two-space indent from here. */
export function documentText(document: OpenAPI3): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The client's types for a document (openapi-typescript), as the text of src/schema.ts. */
export async function typesText(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { alphabetize: true, rootTypes: true });
  return `/* Generated from openapi.json by \`npm run client:generate\`: do not edit. */\n${astToString(ast)}`;
}
