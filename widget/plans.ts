/**
 * What the actions' previews and results look like, read off the server's action definitions.
 * Type-only imports: erased from the bundle, yet a change on the server breaks the widget's typecheck.
 */
import type { Action } from "../server/actions/define-action.ts";
import type { announce } from "../server/actions/moderation/announce.ts";
import type { openConflictRoom } from "../server/actions/moderation/conflict-room.ts";
import type { banEverywhere } from "../server/actions/moderation/cross-room.ts";
import type { deleteTestRoom } from "../server/actions/rooms/delete-test-room.ts";
import type { inviteUsers } from "../server/actions/rooms/invite.ts";
import type { importTemplates } from "../server/actions/templates/template-actions.ts";
import type { CreatedRoom } from "../server/actions/rooms/create-room.ts";
import type { fixAccess } from "../server/actions/rooms/fix-access.ts";
import type { createApiToken } from "../server/actions/admin/api-tokens.ts";
import type { createRoomWithGroup } from "../server/actions/bridges/create-room-with-group.ts";

type PlanOf<A> = A extends Action<any, infer P, any> ? P : never;
type ResultOf<A> = A extends Action<any, any, infer R> ? Awaited<R> : never;

export type AnnouncePlan = PlanOf<typeof announce>;
export type ConflictPlan = PlanOf<typeof openConflictRoom>;
export type ConflictResult = ResultOf<typeof openConflictRoom>;
export type CrossRoomPlan = PlanOf<typeof banEverywhere>;
export type DeleteTestRoomPlan = PlanOf<typeof deleteTestRoom>;
export type InvitePlan = PlanOf<typeof inviteUsers>;
export type ImportPlan = PlanOf<typeof importTemplates>;
export type ImportResult = ResultOf<typeof importTemplates>;
export type FixAccessPlan = PlanOf<typeof fixAccess>;
export type FixAccessResult = ResultOf<typeof fixAccess>;
export type TokenPlan = PlanOf<typeof createApiToken>;
export type RoomWithGroupPlan = PlanOf<typeof createRoomWithGroup>;
export type RoomWithGroupResult = ResultOf<typeof createRoomWithGroup>;
export type { CreateGroupPlan } from "../server/actions/bridges/create-group.ts";
export type CreatedToken = ResultOf<typeof createApiToken>;
export type { CreatedRoom };
/** Every job-starting action answers with the job's id. */
export type JobStarted = { jobId: string };
export type { AuditRow } from "../server/store/audit.ts";
export type { AccessReportEntry } from "../server/rooms/access-report.ts";
export type { AccessChange } from "../server/rooms/access-drift.ts";
