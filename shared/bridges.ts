import { z } from "zod";
import { RoomId } from "./matrix-ids.ts";
import { CreateRoomInput } from "./rooms.ts";

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
  /** Steps in order, in words. */
  steps: string[];
  warnings: string[];
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
