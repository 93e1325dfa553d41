import { randomUUID } from 'node:crypto';
import { Msg, NatsConnection, Subscription } from 'nats';
import { AgentPrincipal, DirectoryContracts, ErrorCode, Principal, RequestContract } from '@diplomatie/contracts';
import { demoPrincipals } from '@diplomatie/testing';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ReceivedRequest {
  subject: string;
  requestId: string | undefined;
  principal: Principal;
  data: unknown;
}

/**
 * A raw NATS responder on one contract's subject, answering what `answer` returns (or `{ ok: false, error }`).
 * It records what reached NATS, so that a test can prove what did not.
 */
export class RawResponder {
  readonly received: ReceivedRequest[] = [];
  private readonly sub: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    namespace: string,
    contract: RequestContract,
    answer: (data: Record<string, unknown>) => { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string } },
  ) {
    this.sub = nc.subscribe(`${namespace}.${contract.subject}`, {
      callback: (_err, msg: Msg) => {
        const body = JSON.parse(decoder.decode(msg.data)) as { principal: Principal; data: Record<string, unknown> };
        this.received.push({ subject: contract.subject, requestId: msg.headers?.get('x-request-id'), principal: body.principal, data: body.data });
        msg.respond(encoder.encode(JSON.stringify(answer(body.data))));
      },
    });
  }

  async settled(): Promise<void> {
    await this.nc.flush();
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}

/**
 * A stand-in for the communities service's directory, for the gateway's own tests only (apps may
 * not import apps; the e2e suite runs against the real one): `resolve_login` and `principal` for a
 * few demo accounts, one deactivated after its token was issued, one that left the directory.
 */
export class CommunitiesStandIn {
  readonly claire: AgentPrincipal = demoPrincipals.claire();
  /** Active when his token is issued, deactivated when the gateway resolves his principal. */
  readonly marc: AgentPrincipal = demoPrincipals.marc();
  /** Resolves at login, then is gone from the directory. */
  readonly julien: AgentPrincipal = demoPrincipals.julien();
  readonly resolveLogin: RawResponder;
  readonly principal: RawResponder;

  constructor(nc: NatsConnection, namespace: string) {
    const accounts = [this.claire, this.marc, this.julien];
    this.resolveLogin = new RawResponder(nc, namespace, DirectoryContracts.resolveLogin, ({ login }) => {
      if (login === 'jacques.dupont') return { ok: true, data: { id: randomUUID(), login, kind: 'agent', active: false } };
      const account = accounts.find((a) => a.login === login);
      if (!account) return { ok: false, error: { code: ErrorCode.NotFound, message: `login ${String(login)} not found` } };
      return { ok: true, data: { id: account.id, login, kind: 'agent', active: true } };
    });
    this.principal = new RawResponder(nc, namespace, DirectoryContracts.principal, ({ agentId }) => {
      if (agentId === this.marc.id) return { ok: false, error: { code: ErrorCode.Forbidden, message: 'account deactivated' } };
      if (agentId === this.claire.id) return { ok: true, data: this.claire };
      return { ok: false, error: { code: ErrorCode.NotFound, message: 'account not found' } };
    });
  }

  stop(): void {
    this.resolveLogin.stop();
    this.principal.stop();
  }
}
