import { BeforeApplicationShutdown, Controller, DynamicModule, Get, Inject, Injectable, Module, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

const PROBE_TIMEOUT_MS = 1_500;
/** Set when the process begins to shut down, so readiness goes down before connections close. */
let shuttingDown = false;
export function markShuttingDown(): void {
  shuttingDown = true;
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness stays trivial: the event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: every dependency answers within its timeout, and the process is not stopping. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const lifecycle = this.indicators.check('lifecycle');
        return shuttingDown ? lifecycle.down({ message: 'shutting down' }) : lifecycle.up();
      },
      ...this.checks.map((c) => async () => {
        const indicator = this.indicators.check(c.name);
        try {
          await c.check(PROBE_TIMEOUT_MS);
          return indicator.up();
        } catch (error) {
          // Reported as "down", never thrown: a probe must answer, not hang or crash.
          return indicator.down({ message: (error as Error).message });
        }
      }),
    ]);
  }
}

/** Readiness goes down first when the process is told to stop. */
@Injectable()
class ShutdownWatch implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): void {
    markShuttingDown();
  }
}

/** `/health/live` and `/health/ready` with @nestjs/terminus, over the app's own connections. */
@Module({})
export class HealthModule {
  static forRoot(checks: Type<ReadinessCheck>[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        ShutdownWatch,
        ...checks,
        { provide: READINESS_CHECKS, useFactory: (...instances: ReadinessCheck[]) => instances, inject: checks },
      ],
    };
  }
}
