// The typed client's types (src/client/schema.ts) are generated from the OpenAPI document and
// checked in; this fails when an operation changed and the file was not regenerated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClientTypes, SCHEMA_FILE } from '../../tools/openapi-types/generate.ts';

describe('refundry/client types', () => {
  it('are what openapi-typescript makes of the current document (run node tools/openapi-types/generate.ts)', async () => {
    const fresh = await generateClientTypes();
    expect(readFileSync(SCHEMA_FILE, 'utf8') === fresh, 'src/client/schema.ts is stale').toBe(true);
    expect(fresh).toContain('"/api/v1/refunds"');
  });
});
