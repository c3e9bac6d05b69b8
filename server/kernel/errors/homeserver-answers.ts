/** What the bot's Client-Server API client (kernel/matrix/matrix-http.ts) throws for a failed answer. */

export type MatrixErrorBody = { errcode: string; error?: string; retry_after_ms?: number; [key: string]: unknown };

/** An answer carrying a Matrix error (`errcode`), whatever its HTTP status; the same fields as matrix-bot-sdk's MatrixError. */
export class MatrixError extends Error {
  readonly body: MatrixErrorBody;
  readonly statusCode: number;
  readonly errcode: string;
  readonly error: string | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(body: MatrixErrorBody, statusCode: number) {
    super(`${body.errcode}: ${body.error}`);
    this.body = body;
    this.statusCode = statusCode;
    this.errcode = body.errcode;
    this.error = body.error;
    this.retryAfterMs = body.retry_after_ms;
  }
}

/** A failed answer without a Matrix error (a proxy's error page, say). */
export class HttpStatusError extends Error {
  readonly statusCode: number;
  readonly body: unknown;
  constructor(statusCode: number, body: unknown) {
    super(`HTTP ${statusCode}`);
    this.statusCode = statusCode;
    this.body = body;
  }
}
