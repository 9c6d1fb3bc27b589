// A merchant's webhook endpoint for tests: a plain HTTP server on loopback that keeps each
// delivery's raw body and headers, and answers with whatever status `respond` decides.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MerchantDelivery {
  body: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface MerchantReceiver {
  url: string;
  deliveries: MerchantDelivery[];
  close(): Promise<void>;
}

export async function startMerchantReceiver(
  respond: (body: string, headers: IncomingHttpHeaders, index: number) => number = () => 200,
): Promise<MerchantReceiver> {
  const deliveries: MerchantDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = respond(body, req.headers, deliveries.length);
      deliveries.push({ body, headers: req.headers, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
