import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line: phone numbers and addresses never reach logs, whatever object
 * a caller passes (privacy rule in DOMAIN.md). Free text is logged only by length for the same reason.
 */
const REDACT = [
  'phone',
  '*.phone',
  '*.*.phone',
  'address',
  '*.address',
  '*.*.address',
  'phoneEnc',
  '*.phoneEnc',
  'addressEnc',
  '*.addressEnc',
  'text',
  '*.text',
  'token',
  '*.token',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'laoke' } }, destination);
}
