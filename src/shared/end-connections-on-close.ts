// A Fastify app's close() waits until every connection has ended. Node's server.close() ends the
// idle kept-alive ones, and Fastify answers requests that arrive while closing with
// `Connection: close`; but a request already in flight when close() began (a Stripe webhook
// delivery whose event is being stored, an SDK call to the sandbox) is answered with
// `Connection: keep-alive`, and its connection then sits idle until the server's keepAliveTimeout
// (72 s, Fastify's default) ends it: the shutdown waits that long for a client that will not send
// again. From close() on, every answer therefore says `Connection: close`, and the connection of
// an answer whose headers had already gone out (a stream) is ended once the answer is written.
import type { FastifyInstance } from 'fastify';

export function endConnectionsOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Answers not sent yet: the client learns not to reuse the connection, and Node ends it once
  // the answer is written.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing && !reply.raw.headersSent) reply.header('connection', 'close');
    done(null, payload);
  });
  // Answers whose headers went out before close() began: end the connection once written.
  app.addHook('onResponse', (request, _reply, done) => {
    const socket = request.raw.socket;
    if (closing && socket && !socket.destroyed && !socket.writableEnded) socket.end();
    done();
  });
}
