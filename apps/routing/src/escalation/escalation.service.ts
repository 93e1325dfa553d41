import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock';
import { EscalationRepository } from './escalation.repository';

export const ESCALATION_OPTIONS = Symbol('ESCALATION_OPTIONS');
export interface EscalationOptions {
  /** 0: no timer (tests call `scan()` after moving their clock). */
  scanIntervalMs: number;
  /** Time between escalating to the unit's head and to the parent unit's head. */
  parentAfterMs: number;
}

export interface ScanResult {
  overdue: number;
  toUnitHeads: number;
  toParentHeads: number;
}

/** Finds overdue pour-action assignments and escalates them, each step once, on a timer. */
@Injectable()
export class EscalationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ScanResult> | undefined;

  constructor(
    private readonly repository: EscalationRepository,
    private readonly clock: Clock,
    @Inject(ESCALATION_OPTIONS) private readonly options: EscalationOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.scanIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.scan().catch((error: Error) => this.logger.error(`escalation scan failed: ${error.message}`));
    }, this.options.scanIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass, in one transaction; a pass already under way is joined rather than doubled. */
  scan(): Promise<ScanResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private pass(): Promise<ScanResult> {
    const now = this.clock.now();
    return this.repository.inTransaction(async (tx) => {
      const overdue = await this.repository.markOverdue(tx, now);
      const toUnitHeads = await this.repository.escalateToUnitHeads(tx, now);
      const toParentHeads = await this.repository.escalateToParentHeads(tx, now, new Date(now.getTime() - this.options.parentAfterMs));
      if (overdue + toUnitHeads + toParentHeads > 0) this.logger.log({ overdue, toUnitHeads, toParentHeads }, 'escalation scan');
      return { overdue, toUnitHeads, toParentHeads };
    });
  }
}
