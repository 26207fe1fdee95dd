import { pino, type Logger } from 'pino';

/** Structured JSON logs (pino); request and correlation ids are attached per request by Fastify. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'aftersales-workflow-engine' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}
