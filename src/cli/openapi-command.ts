import { openApiJson } from '../openapi/document.ts';
import { type Command, parseFlags } from './command.ts';

export const openapiCommand: Command = {
  summary: 'Print the OpenAPI 3.1 document of the API (the one served at /api/v1/openapi.json).',
  usage: 'refundry openapi > openapi.json',
  async run(argv) {
    parseFlags({ args: argv, options: {} }); // no flags: an unknown one is a usage error, not ignored
    console.log(openApiJson());
    return 0;
  },
};
