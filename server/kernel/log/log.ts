import pino, { type Logger } from "pino";

/**
 * Secrets the process knows (bot token, session secret, API keys) are scrubbed from every log
 * line at the output, whatever a library or an error object happens to print. Redaction by path
 * alone would miss a token embedded in a message or a URL.
 */
export class SecretScrubber {
  private secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  remove(secret: string | undefined): void {
    if (secret) this.secrets.delete(secret);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    return out;
  }
}

export type LogSink = { write(line: string): void };

export function createLogger(options: { level: string; scrubber: SecretScrubber; sink?: LogSink }): Logger {
  const sink = options.sink ?? process.stdout;
  return pino(
    {
      level: options.level,
      redact: {
        paths: [
          "req.headers.authorization",
          "headers.authorization",
          "*.accessToken",
          "*.access_token",
          "*.password",
          "accessToken",
          "access_token",
          "password",
          "token",
        ],
        censor: "[redacted]",
      },
      serializers: { err: serializeError },
    },
    { write: (line: string) => sink.write(options.scrubber.scrub(line)) },
  );
}

/** Errors from HTTP libraries carry request options (with Authorization): keep only safe fields. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; errcode?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.errcode !== undefined ? { errcode: e.errcode } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    stack: e.stack,
  };
}
