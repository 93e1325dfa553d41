import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the stand-in received: JSON bodies parsed, NDJSON (bulk) as its lines. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}
export interface CannedResponse {
  status?: number;
  body?: unknown;
}
type Responder = (request: RecordedRequest) => CannedResponse | undefined;

/**
 * An HTTP-level stand-in of an OpenSearch cluster for unit specs, where no cluster can run: a real
 * server on 127.0.0.1 that the official client talks real HTTP to, recording every request and
 * answering canned responses (the first responder that answers wins; unmatched requests get a
 * 200 `{ acknowledged: true }`, or a 404 for HEAD). The real cluster runs the contract suite when
 * `OPENSEARCH_URL` is set.
 */
export class OpenSearchStandIn {
  readonly requests: RecordedRequest[] = [];
  private responders: Responder[] = [];

  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: parseBody(raw, String(req.headers['content-type'] ?? '')),
        };
        this.requests.push(recorded);
        const canned = this.answer(recorded) ?? { status: recorded.method === 'HEAD' ? 404 : 200, body: { acknowledged: true } };
        const payload = canned.body === undefined || recorded.method === 'HEAD' ? '' : JSON.stringify(canned.body);
        res.writeHead(canned.status ?? 200, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(payload);
      });
    });
  }

  static async start(): Promise<OpenSearchStandIn> {
    const standIn = new OpenSearchStandIn();
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers matching requests (checked newest first, so a test can override a default). */
  on(method: string, path: string | RegExp, respond: CannedResponse | ((request: RecordedRequest) => CannedResponse | undefined)): void {
    this.responders.unshift((request) => {
      if (request.method !== method) return undefined;
      if (typeof path === 'string' ? request.path !== path : !path.test(request.path)) return undefined;
      return typeof respond === 'function' ? respond(request) : respond;
    });
  }

  reset(): void {
    this.requests.length = 0;
    this.responders = [];
  }

  find(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: RecordedRequest): CannedResponse | undefined {
    for (const responder of this.responders) {
      const canned = responder(request);
      if (canned) return canned;
    }
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('ndjson')) return raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  return JSON.parse(raw) as unknown;
}
