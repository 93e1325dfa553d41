/** One bulk action and its source (none for a delete). */
export interface BulkOperation {
  action: { index: { _index: string; _id: string; version: number; version_type: 'external_gte' } } | { delete: { _index: string; _id: string } };
  source?: Record<string, unknown>;
}

/** The item of a bulk response, whichever the action. */
export interface BulkItemResult {
  status: number;
  error?: { type: string; reason?: string };
}

export interface BulkIndexerOptions {
  /** Sends one bulk request (NDJSON lines); answers its items in order. */
  send(lines: Record<string, unknown>[]): Promise<BulkItemResult[]>;
  /** Operations per request at most. */
  maxBatch?: number;
  /** How long the first operation of a batch waits for others to join it. */
  lingerMs?: number;
  /** Attempts for an operation the cluster rejects as overloaded (429) or unavailable (5xx). */
  maxAttempts?: number;
  /** First back-off; doubled on each retry, with jitter. */
  backoffMs?: number;
  /** Operations waiting or in flight at most: `add` waits beyond it (backpressure). */
  maxPending?: number;
}

interface Pending {
  op: BulkOperation;
  attempts: number;
  resolve(): void;
  reject(error: Error): void;
}

export class BulkIndexingError extends Error {}

/**
 * Groups single-document writes into bulk requests, retries what the cluster rejects as
 * overloaded or unavailable with exponential back-off, and resolves each caller's promise with
 * the outcome of its own operation (so an event is acked only once its document is written).
 * A version conflict (an older version arriving after a newer one) and deleting an absent
 * document are successes: the index already holds the right state.
 */
export class BulkIndexer {
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private waiters: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxPending: number;

  constructor(private readonly options: BulkIndexerOptions) {
    this.maxBatch = options.maxBatch ?? 500;
    this.lingerMs = options.lingerMs ?? 20;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 100;
    this.maxPending = options.maxPending ?? 5_000;
  }

  async add(op: BulkOperation): Promise<void> {
    while (this.queue.length + this.inFlight >= this.maxPending) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ op, attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  /** Sends everything queued now and waits for it. */
  async drain(): Promise<void> {
    while (this.queue.length || this.flushing) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await (this.flushing ?? this.flush());
    }
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.queue.length >= this.maxBatch) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.lingerMs);
    }
  }

  private flush(): Promise<void> {
    const run = async () => {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += batch.length;
      try {
        await this.sendBatch(batch);
      } finally {
        this.inFlight -= batch.length;
        this.release();
      }
    };
    this.flushing = run().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.schedule();
    });
    return this.flushing;
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    let todo = batch;
    while (todo.length) {
      const lines = todo.flatMap(({ op }) => (op.source ? [op.action, op.source] : [op.action]));
      let items: BulkItemResult[];
      try {
        items = await this.options.send(lines);
      } catch (error) {
        // The whole request failed (connection, 429/5xx answer): every operation is retried.
        items = todo.map(() => ({ status: 503, error: { type: 'request_failed', reason: (error as Error).message } }));
      }
      const retry: Pending[] = [];
      todo.forEach((pending, i) => {
        const item = items[i] ?? { status: 500, error: { type: 'missing_item' } };
        pending.attempts++;
        if (isDone(pending.op, item)) pending.resolve();
        else if (isRetryable(item.status) && pending.attempts < this.maxAttempts) retry.push(pending);
        else pending.reject(new BulkIndexingError(`bulk ${Object.keys(pending.op.action)[0]} failed: ${item.status} ${item.error?.type ?? ''} ${item.error?.reason ?? ''}`.trim()));
      });
      todo = retry;
      if (todo.length) {
        const attempt = todo[0].attempts;
        await sleep(this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
      }
    }
  }

  private release(): void {
    const waiters = this.waiters.splice(0);
    waiters.forEach((w) => w());
  }
}

function isDone(op: BulkOperation, item: BulkItemResult): boolean {
  if (item.status >= 200 && item.status < 300) return true;
  if (item.status === 409 && item.error?.type === 'version_conflict_engine_exception') return true; // older version: the newer stays
  return 'delete' in op.action && item.status === 404; // already absent
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
