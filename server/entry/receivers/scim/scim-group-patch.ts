import { z } from "zod";
import { ScimError, ScimMember, type PatchOperation } from "./scim-wire.ts";
import type { ScimGroup } from "./scim-group-store.ts";

const Members = z.array(ScimMember).max(50_000);
const GroupAttributes = z.looseObject({ displayName: z.string().trim().min(1).max(500).optional(), externalId: z.string().max(500).optional(), members: Members.optional() });
/** `members[value eq "12"]`: the RFC 7644 filter form some clients use to remove one member. */
const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i;

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  throw new ScimError(400, `${[where, ...issue.path].join(".")}: ${issue.message}`, "invalidValue");
}

/** Applies PATCH operations to a stored group; the caller diffs members before and after. */
export function applyGroupPatch(group: ScimGroup, operations: PatchOperation[]): ScimGroup {
  let { displayName, externalId } = group;
  const members = new Set(group.members);
  operations.forEach((op, i) => {
    const where = `Operations.${i}.value`;
    const path = op.path?.trim() ?? "";
    const filtered = MEMBER_FILTER.exec(path);
    if (filtered) {
      if (op.op !== "remove") throw new ScimError(400, `Operations.${i}: a member filter path only works with op remove`, "invalidPath");
      members.delete(parse(ScimMember, { value: filtered[1] }, `Operations.${i}.path`).value);
    } else if (path.toLowerCase() === "members") {
      if (op.op === "remove" && op.value === undefined) members.clear();
      else {
        const given = parse(Members, op.value, where).map((m) => m.value);
        if (op.op === "replace") members.clear();
        for (const m of given) (op.op === "remove" ? members.delete(m) : members.add(m));
      }
    } else if (path === "displayName" || path === "externalId") {
      if (op.op === "remove") throw new ScimError(400, `Operations.${i}: ${path} cannot be removed`, "mutability");
      const value = parse(GroupAttributes, { [path]: op.value }, where);
      if (path === "displayName") displayName = value.displayName!;
      else externalId = value.externalId;
    } else if (path === "") {
      // Authentik's general update: replace with the whole group as value (members left out).
      if (op.op === "remove") throw new ScimError(400, `Operations.${i}: remove needs a path`, "noTarget");
      const value = parse(GroupAttributes, op.value, where);
      displayName = value.displayName ?? displayName;
      externalId = value.externalId ?? externalId;
      if (value.members && op.op === "replace") members.clear();
      for (const m of value.members ?? []) members.add(m.value);
    } else {
      throw new ScimError(400, `Operations.${i}.path: ${path.slice(0, 100)} is not supported (members, displayName, externalId)`, "invalidPath");
    }
  });
  return { id: group.id, displayName, externalId, members: [...members] };
}
