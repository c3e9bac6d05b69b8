import { ErrorCode } from "../../../shared/api-error.ts";

/** An error meant for the caller: status, stable code, message and what to do about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, hint?: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.field = field;
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
