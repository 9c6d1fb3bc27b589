// The document itself and its reference pages (routes.ts), declared like every other operation.
import { operations } from '../http/operation.ts';
import { anyone, get } from '../http/operation-kinds.ts';

export const openApiOperations = operations('Reference', [
  get({
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document (OpenAPI 3.1)',
    description: 'No authentication. Also printed by `refundry openapi`.',
    access: anyone,
    found: { description: 'The OpenAPI document.', mediaType: 'application/json' },
  }),
  get({
    path: '/docs',
    operationId: 'getReference',
    summary: 'The API reference pages (HTML)',
    access: anyone,
    found: { description: 'The reference, rendered from this document.', mediaType: 'text/html' },
  }),
]);
