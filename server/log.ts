// The server's logger: JSON lines via pino, with credentials redacted should they ever reach a log call.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'keyhold' },
      redact: {
        paths: [
          'req.headers.authorization',
          '*.token',
          '*.password',
          '*.passphrase',
          '*.authHash',
          '*.share',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination(1),
  );
}
