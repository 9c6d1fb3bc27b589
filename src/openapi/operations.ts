// The document itself and its reference pages (routes.ts), declared like every other operation.
import { operations } from '../http/operation.ts';

export const openApiOperations = operations([
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Reference',
    summary: 'This document (OpenAPI 3.1)',
    description: 'No authentication. Also printed by `refundry openapi`.',
    access: { kind: 'public' },
    responses: { 200: { description: 'The OpenAPI document.', mediaType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getReference',
    tag: 'Reference',
    summary: 'The API reference pages (HTML)',
    access: { kind: 'public' },
    responses: {
      200: { description: 'The reference, rendered from this document.', mediaType: 'text/html' },
    },
  },
]);
