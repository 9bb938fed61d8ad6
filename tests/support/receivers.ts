// Local receivers for outgoing traffic: an HTTP endpoint that answers as told, and an SMTP server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  method: string;
  /** The path and query the request asked for. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer decided while the request waits: the test may hold it, move its clock, look at the others. */
export type LateAnswer = (request: ReceivedRequest) => Promise<number | 'hang'>;

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order: a status code, 'hang' to never answer, or a LateAnswer. Then 200. */
  answers: (number | 'hang' | LateAnswer)[];
  /** Requests received and not answered yet (hanging ones count until the sender gives up). */
  open: number;
  /** Requests answered with a 2xx status: what the receiver accepted. */
  accepted: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const hanging = new Set<() => void>();
  const receiver: HttpReceiver = { url: '', requests: [], answers: [], open: 0, accepted: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      receiver.requests.push(request);
      receiver.open++;
      let closed = false;
      res.on('close', () => {
        closed = true;
        receiver.open--;
      });
      const next = receiver.answers.shift() ?? 200;
      void (typeof next === 'function' ? next(request) : Promise.resolve(next)).then((answer) => {
        if (answer === 'hang') {
          hanging.add(() => res.destroy());
          return;
        }
        if (closed) return; // the sender gave up meanwhile: nothing was accepted
        if (answer >= 200 && answer < 300) receiver.accepted.push(request);
        res.writeHead(answer).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = async () => {
    hanging.forEach((end) => end());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

export interface SmtpReceiver {
  url: string;
  mails: ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A TCP server that accepts connections and never says a word (a hung mail server). */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
