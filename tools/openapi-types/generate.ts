// Generates src/client/schema.ts (the typed client's types) from the OpenAPI document with
// openapi-typescript. It lives in this workspace because openapi-typescript drives TypeScript 5's
// compiler API, which the project's TypeScript 7 no longer has; npm installs both here.
//   node tools/openapi-types/generate.ts        rewrites src/client/schema.ts
// test/client/client-types.test.ts fails when the checked-in file is stale.
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../src/openapi/document.ts';

export const SCHEMA_FILE = new URL('../../src/client/schema.ts', import.meta.url);

const HEADER = `// Generated from the OpenAPI document by tools/openapi-types/generate.ts (openapi-typescript).
// Do not edit: run \`node tools/openapi-types/generate.ts\` after changing an operation.
`;

export async function generateClientTypes(): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript types its input loosely
  const ast = await openapiTS(buildOpenApiDocument() as any, { alphabetize: false });
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  writeFileSync(SCHEMA_FILE, await generateClientTypes());
  console.log(`wrote ${SCHEMA_FILE.pathname}`);
}
