import { z } from "zod";
import { RoomId } from "./matrix-ids.ts";
import { CreateRoomInput } from "./rooms.ts";
import type { Said } from "./said.ts";

/** The mautrix bridges the dashboard knows how to drive; each is configured with BRIDGE_<NETWORK>_*. */
export const BridgeNetwork = z.enum(["signal", "whatsapp", "telegram"]);
export type BridgeNetwork = z.infer<typeof BridgeNetwork>;

/** Stable codes for bridge failures, next to the generic ones in api-error.ts. */
export const BridgeErrorCode = {
  notConfigured: "bridge_not_configured",
  unreachable: "bridge_unreachable",
  secretInvalid: "bridge_secret_invalid",
  notLoggedIn: "bridge_not_logged_in",
  powerLevel: "bridge_power_level",
  nameTooLong: "bridge_name_too_long",
  alreadyBridged: "bridge_already_bridged",
  notBridged: "bridge_not_bridged",
  refused: "bridge_refused",
  timeout: "bridge_timeout",
  loginNotFound: "bridge_login_not_found",
  loginFailed: "bridge_login_failed",
  loginStep: "bridge_login_step",
  loginUnsupported: "bridge_login_unsupported",
  loginExpired: "bridge_login_expired",
  loginCancelled: "bridge_login_cancelled",
  tooManyLogins: "bridge_too_many_logins",
  forbidden: "bridge_forbidden",
  invalidRequest: "bridge_invalid_request",
  failed: "bridge_failed",
  participantsRequired: "bridge_participants_required",
  relayRefused: "bridge_relay_refused",
} as const;

const bridge = BridgeNetwork.default("signal");
/** Remote chat IDs (Signal group IDs are base64; WhatsApp JIDs; Telegram numbers). */
const ChatId = z.string().trim().min(1, "enter the chat ID").max(300).regex(/^[A-Za-z0-9+/=_.:@-]+$/, "a chat ID has no spaces");
const GroupName = z.string().trim().min(1).max(255);

export const CreateGroupInput = z.strictObject({
  room: RoomId,
  bridge,
  /** Defaults to the room's name. */
  groupName: GroupName.optional(),
  relay: z.boolean().default(false),
});
export type CreateGroupInput = z.infer<typeof CreateGroupInput>;

export const LinkGroupInput = z.strictObject({ room: RoomId, bridge, chatId: ChatId });
export type LinkGroupInput = z.infer<typeof LinkGroupInput>;

export const BridgeRoomInput = z.strictObject({ room: RoomId, bridge });
export type BridgeRoomInput = z.infer<typeof BridgeRoomInput>;

export const SetRelayInput = z.strictObject({ room: RoomId, bridge, enabled: z.boolean() });
export type SetRelayInput = z.infer<typeof SetRelayInput>;

export const CreateRoomWithGroupInput = CreateRoomInput.extend({
  bridge,
  groupName: GroupName.optional(),
  relay: z.boolean().default(false),
});
export type CreateRoomWithGroupInput = z.infer<typeof CreateRoomWithGroupInput>;

/** What a bridge action will do, shown before it is applied. */
export type BridgePlan = {
  room: string;
  network: BridgeNetwork;
  bridgeBot: string;
  /** Steps in order, as codes the widget words (English `text` for chat and CLI). */
  steps: Said[];
  warnings: Said[];
};

/** A configured bridge as the widget sees it (no secrets). */
export type BridgeSummary = {
  network: BridgeNetwork;
  displayName: string;
  bot: string;
  commandPrefix: string;
  provisioning: boolean;
  relayLogin: string | null;
  encryption: boolean;
  groupNameLimit: number;
};

/** Login flow and step IDs as bridgev2 names them ("qr", "fi.mau.signal.qr"). */
const LoginToken = (what: string) => z.string().trim().min(1, `enter the ${what}`).max(200).regex(/^[A-Za-z0-9._:-]+$/, `a ${what} has only letters, digits and . _ : -`);

export const BridgeLoginInput = z.strictObject({
  bridge,
  /** The bridge's login flow; QR code when it offers one, else its first. */
  flowId: LoginToken("login flow ID").optional(),
});
export type BridgeLoginInput = z.infer<typeof BridgeLoginInput>;

export const LoginProcessId = LoginToken("login process ID");

/** Body of POST /api/bridges/:network/login/:loginId/wait. */
export const BridgeLoginWaitInput = z.strictObject({ stepId: LoginToken("step ID") });
export type BridgeLoginWaitInput = z.infer<typeof BridgeLoginWaitInput>;

/** Body of POST /api/bridges/:network/login/:loginId/input: field ID → value, as the step asked. */
export const BridgeLoginFieldsInput = z.strictObject({
  stepId: LoginToken("step ID"),
  fields: z.record(LoginToken("field ID"), z.string().max(1000)),
});
export type BridgeLoginFieldsInput = z.infer<typeof BridgeLoginFieldsInput>;

/** bridges.login-wait: the step after a display step (QR code scanned), or still waiting. */
export const BridgeLoginStepWaitInput = z.strictObject({ bridge, loginId: LoginProcessId, ...BridgeLoginWaitInput.shape });
export type BridgeLoginStepWaitInput = z.infer<typeof BridgeLoginStepWaitInput>;

/** bridges.login-input: the fields a user_input step asks for. */
export const BridgeLoginStepInput = z.strictObject({ bridge, loginId: LoginProcessId, ...BridgeLoginFieldsInput.shape });
export type BridgeLoginStepInput = z.infer<typeof BridgeLoginStepInput>;

/** bridges.login-cancel: ends a login in progress on the bridge. */
export const BridgeLoginCancelInput = z.strictObject({ bridge, loginId: LoginProcessId });
export type BridgeLoginCancelInput = z.infer<typeof BridgeLoginCancelInput>;

/** What a login step's plan shows: which login, at which step (never the values typed in). */
export type BridgeLoginStepPlan = { network: BridgeNetwork; bridgeBot: string; loginId: string; stepId: string | null; fields: string[] };

export type BridgeLoginFlow = { id: string; name: string; description: string };
export type BridgeLoginField = { type: string; id: string; name: string; description: string; pattern: string | null };

type StepBase = { loginId: string; stepId: string; instructions: string };
/**
 * One step of a bridge login (bridgev2 LoginStep). `display` is what the person must see to go on
 * (a QR code's data): short-lived, it is kept out of the audit log.
 */
export type BridgeLoginStep =
  | (StepBase & { type: "display_and_wait"; display: { type: "qr" | "emoji" | "code" | "nothing"; data: string | null; imageUrl: string | null } })
  | (StepBase & { type: "user_input"; fields: BridgeLoginField[] })
  | (StepBase & { type: "complete"; userLoginId: string; loginName: string | null });

export type BridgeLoginPlan = {
  network: BridgeNetwork;
  bridgeBot: string;
  /** The Matrix account that gets the login: the dashboard's bot. */
  actingUser: string;
  flows: BridgeLoginFlow[];
  flowId: string;
  logins: Array<{ id: string; name: string; state: string }>;
  loggedIn: boolean;
  steps: Said[];
  warnings: Said[];
};

/** The answer of a login wait: the next step, or still waiting (ask again). */
export type BridgeLoginProgress = { waiting: true } | { waiting: false; step: BridgeLoginStep };
