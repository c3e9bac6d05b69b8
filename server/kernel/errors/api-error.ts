import { ErrorCode } from "../../../shared/api-error.ts";
import { said, type Said, type SaidParams } from "../../../shared/said.ts";

/**
 * An error meant for the caller: status, stable code, message and what to do about it.
 * `said` (set with `.saying(code, params)`) is the message as a code the widget words in the
 * user's language; `message` and `hint` stay the English the CLI, chat and logs print.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly field: string | undefined;
  said: Said | undefined;

  constructor(status: number, code: string, message: string, hint?: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.field = field;
  }

  /** Names the message (and its hint) for clients that word it themselves; returns the error to throw. */
  saying(code: string | undefined, params?: SaidParams): this {
    if (code) this.said = said(code, this.message, params);
    return this;
  }

  static badRequest(message: string, field?: string, hint?: string) {
    return new ApiError(400, ErrorCode.badRequest, message, hint, field);
  }
  static unauthenticated(message: string, hint?: string) {
    return new ApiError(401, ErrorCode.unauthenticated, message, hint);
  }
  static forbidden(message: string, hint?: string) {
    return new ApiError(403, ErrorCode.forbidden, message, hint);
  }
  static notFound(message: string, hint?: string) {
    return new ApiError(404, ErrorCode.notFound, message, hint);
  }
  static conflict(message: string, hint?: string) {
    return new ApiError(409, ErrorCode.conflict, message, hint);
  }
}
