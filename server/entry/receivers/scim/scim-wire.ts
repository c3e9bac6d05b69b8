import { z } from "zod";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_CONTENT_TYPE = "application/scim+json";

/** A SCIM error (RFC 7644 §3.12): answered as `{"schemas":[Error],"status":"400","detail":…}`. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: string | undefined;
  constructor(status: number, detail: string, scimType?: string) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

const schemasWith = (urn: string) =>
  z
    .array(z.string().max(200))
    .max(20)
    .refine((s) => s.includes(urn), { message: `schemas must include ${urn}` });

/**
 * User ids this receiver gives out: the Authentik user's pk, which the sync can read again
 * (GET /core/users/{pk}/) and which tells it, once the user is gone, whom to deactivate.
 */
export const ScimUserId = z.string().regex(/^[1-9]\d{0,14}$/, { message: "must be a user id this receiver gave out (an Authentik user pk)" });

const ExternalId = z.string().max(500);

/** Attributes the sync does not read (name, emails, photos, custom mappings) pass through unchecked. */
export const ScimUserBody = z.looseObject({
  schemas: schemasWith(USER_SCHEMA),
  userName: z.string().trim().min(1).max(150),
  externalId: ExternalId.optional(),
  active: z.boolean().optional(),
});
export type ScimUserBody = z.infer<typeof ScimUserBody>;

export const ScimMember = z.looseObject({ value: z.union([z.string(), z.number()]).transform(String).pipe(ScimUserId) });

export const ScimGroupBody = z.looseObject({
  schemas: schemasWith(GROUP_SCHEMA),
  displayName: z.string().trim().min(1).max(500),
  externalId: ExternalId.optional(),
  members: z.array(ScimMember).max(50_000).optional(),
});
export type ScimGroupBody = z.infer<typeof ScimGroupBody>;

export const PatchOperation = z.looseObject({
  // Authentik sends lower case; Entra ID and others send "Add", "Replace".
  op: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(["add", "remove", "replace"], { message: "op must be add, remove or replace" })),
  path: z.string().max(500).nullish(),
  value: z.unknown().optional(),
});
export type PatchOperation = z.infer<typeof PatchOperation>;

export const PatchBody = z.looseObject({
  schemas: schemasWith(PATCH_SCHEMA),
  Operations: z.array(PatchOperation).min(1).max(1000),
});
