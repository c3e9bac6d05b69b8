import type { core } from "zod";
import { USER_ID_PATTERN, ROOM_ID_PATTERN, ROOM_ALIAS_PATTERN } from "../../../shared/matrix-ids.ts";
import type { SaidParams } from "../../../shared/said.ts";

/** Patterns whose refusal has its own words; any other pattern reads as "not in the expected form". */
const PATTERNS: Array<[RegExp, string]> = [
  [USER_ID_PATTERN, "inputNotUserId"],
  [ROOM_ID_PATTERN, "inputNotRoomId"],
  [ROOM_ALIAS_PATTERN, "inputNotRoomAlias"],
];

/**
 * A schema refusal as a code by field and kind of problem (missing, too long, not a Matrix ID…),
 * so a client words every schema's refusals with a dozen sentences rather than one per schema.
 * A refinement names its own code with `params: { said: "…" }` (see shared/matrix-ids.ts RoomRef).
 */
export function inputSaid(issue: core.$ZodIssue): [string, SaidParams] {
  const field = issue.path.join(".") || "input";
  switch (issue.code) {
    case "invalid_type":
      return [issue.input === undefined ? "inputRequired" : "inputWrongType", { field }];
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array" || issue.origin === "set") return [min === 1 ? "inputRequired" : "inputTooFew", { field, min }];
      if (issue.origin === "string") return [min === 1 ? "inputRequired" : "inputTooShort", { field, min }];
      return ["inputTooSmall", { field, min }];
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array" || issue.origin === "set") return ["inputTooMany", { field, max }];
      if (issue.origin === "string") return ["inputTooLong", { field, max }];
      return ["inputTooLarge", { field, max }];
    }
    case "invalid_format": {
      const pattern = "pattern" in issue ? String(issue.pattern) : "";
      const known = PATTERNS.find(([re]) => String(re) === pattern);
      return [known ? known[1] : "inputBadFormat", { field }];
    }
    case "invalid_value":
      return ["inputNotOneOf", { field, options: issue.values.map(String).join(", ") }];
    case "unrecognized_keys":
      return ["inputUnknownField", { keys: issue.keys.join(", ") }];
    case "custom": {
      const code = (issue.params as { said?: unknown } | undefined)?.said;
      return [typeof code === "string" ? code : "inputInvalid", { field }];
    }
    default:
      return ["inputInvalid", { field }];
  }
}
