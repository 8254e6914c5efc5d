// An SMTP server (smtp-server) on a loopback port that keeps every message
// it receives, parsed back by mailparser: the peer of the mail tests.
import type net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Received {
  raw: string;
  mail: ParsedMail;
  rcptTo: string[];
  user: string | undefined;
  secure: boolean;
}

export interface Server {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that keeps every message. Plain (no STARTTLS, no AUTH) unless `options` say otherwise. */
export async function smtpServer(port = 0, options: SMTPServerOptions = { disabledCommands: ['STARTTLS', 'AUTH'] }): Promise<Server> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    ...options,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          received.push({
            raw: raw.toString('latin1'),
            mail,
            rcptTo: session.envelope.rcptTo.map((a) => a.address),
            user: session.user as string | undefined,
            secure: session.secure,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return { port: address.port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
