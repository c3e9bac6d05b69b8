/**
 * What the actions' previews and results look like, read off the server's action definitions.
 * Type-only imports: erased from the bundle, yet a change on the server breaks the widget's typecheck.
 */
import type { Action } from "../../server/kernel/runtime/define-action.ts";
import type { announce } from "../../server/features/announcements/announce.ts";
import type { openConflictRoom } from "../../server/features/moderation/conflict-room.ts";
import type { banEverywhere } from "../../server/features/moderation/cross-room.ts";
import type { deleteTestRoom } from "../../server/features/rooms/delete-test-room.ts";
import type { inviteUsers } from "../../server/features/rooms/invite.ts";
import type { importTemplates } from "../../server/features/templates/template-actions.ts";
import type { CreatedRoom } from "../../server/features/rooms/create-room.ts";
import type { fixAccess } from "../../server/features/rooms/fix-access.ts";
import type { createApiToken } from "../../server/features/tokens/token-actions.ts";
import type { createRoomWithGroup } from "../../server/features/bridges/create-room-with-group.ts";

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
export type { CreateGroupPlan } from "../../server/features/bridges/create-group.ts";
export type CreatedToken = ResultOf<typeof createApiToken>;
export type { CreatedRoom };
/** Every job-starting action answers with the job's id. */
export type JobStarted = { jobId: string };
export type { AuditRow } from "../../server/kernel/store/audit.ts";
export type { AccessReportEntry } from "../../server/features/rooms/access-report.ts";
export type { AccessChange } from "../../server/features/rooms/access-drift.ts";
