import { BeforeApplicationShutdown, Controller, DynamicModule, Get, Inject, Injectable, Module, ServiceUnavailableException, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
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
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  /** Liveness stays trivial: the event loop answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await c.check(PROBE_TIMEOUT_MS);
          return [c.name, { status: 'up' }] as const;
        } catch (error) {
          return [c.name, { status: 'down', message: (error as Error).message }] as const;
        }
      }),
    );
    const details = Object.fromEntries(results);
    const up = !shuttingDown && results.every(([, r]) => r.status === 'up');
    const body = { status: up ? 'ok' : 'error', shuttingDown, details };
    if (!up) throw new ServiceUnavailableException(body);
    return body;
  }
}

/** Readiness goes down first when the process is told to stop. */
@Injectable()
class ShutdownWatch implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): void {
    markShuttingDown();
  }
}

@Module({})
export class HealthModule {
  static forRoot(checks: Type<ReadinessCheck>[]): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        ShutdownWatch,
        ...checks,
        { provide: READINESS_CHECKS, useFactory: (...instances: ReadinessCheck[]) => instances, inject: checks },
      ],
    };
  }
}
