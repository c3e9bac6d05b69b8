import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { ProvisioningClient, type BridgeLogin } from "./provisioning-client.ts";
import { readBridgeRoom, type BridgeRoomFacts } from "./bridge-room.ts";
import { runBridgeCommand, waitFor, type CommandAnswer } from "./bridge-commands.ts";
import { meaningOf } from "./command-replies.ts";
import { bridgeErrors } from "./bridge-error.ts";

const JOIN_TIMEOUT_MS = 15_000;
const STATE_GRACE_MS = 5_000;

/**
 * One mautrix bridgev2 bridge as the dashboard drives it: the provisioning API where it exists,
 * otherwise `<prefix> <command>` messages sent by the dashboard's bot, whose Matrix account is
 * therefore the bridge user that acts (and must hold the community's login on the bridge).
 */
export class MautrixBridge {
  readonly config: BridgeConfig;
  readonly provisioning: ProvisioningClient | null;
  private readonly bot: Bot;

  constructor(config: BridgeConfig, bot: Bot, fetchImpl?: typeof fetch) {
    this.config = config;
    this.bot = bot;
    this.provisioning = config.provisioningUrl && config.provisioningSecret ? new ProvisioningClient(config, fetchImpl) : null;
  }

  get actingUser(): string {
    return this.bot.userId;
  }

  read(roomId: string): Promise<BridgeRoomFacts> {
    return readBridgeRoom(this.bot, this.config, roomId);
  }

  /** The login the bridge will act with (checked through provisioning); null when only commands are available. */
  async requireLogin(): Promise<BridgeLogin | null> {
    if (!this.provisioning) return null;
    const { logins } = await this.provisioning.whoami(this.actingUser);
    const wanted = this.config.relayLogin;
    const login = wanted ? logins.find((l) => l.id === wanted) : logins[0];
    if (login) return login;
    const detail = wanted
      ? `login ${wanted} from BRIDGE_${this.config.network.toUpperCase()}_RELAY_LOGIN is not among its logins${logins.length ? ` (${logins.map((l) => l.id).join(", ")})` : ""}`
      : undefined;
    throw bridgeErrors.notLoggedIn(this.config, this.actingUser, detail);
  }

  /** The network's limit on group names, as the bridge states it (or the known default). */
  async groupNameLimit(): Promise<number> {
    return (await this.provisioning?.groupNameLimit(this.actingUser)) ?? this.config.groupNameLimit;
  }

  /** Bridges only read commands in rooms their bot has joined: invite it and wait for the join. */
  async bringBotIn(roomId: string): Promise<void> {
    const bridgeBot = this.config.botUserId;
    const membership = await this.bot.membershipOf(roomId, bridgeBot);
    if (membership === "join") return;
    if (membership !== "invite") await this.bot.inviteUser(bridgeBot, roomId);
    const joined = await waitFor(async () => (await this.bot.membershipOf(roomId, bridgeBot)) === "join", JOIN_TIMEOUT_MS);
    if (!joined) throw bridgeErrors.timeout(this.config, `${bridgeBot} was invited but did not join within ${JOIN_TIMEOUT_MS / 1000} s`);
  }

  /** Read-modify-write of the power levels, so everyone else's level stays as it was. */
  async raiseBot(roomId: string, level: number): Promise<void> {
    await this.bot.updatePowerLevels(roomId, (current) => ({ ...current, users: { ...current.users, [this.config.botUserId]: level } }));
  }

  /** A new remote group for this room: provisioning `create_group` with `room_id`, else the `create` command. */
  async createGroup(roomId: string, name: string, topic: string | null): Promise<string | null> {
    if (this.provisioning) {
      const created = await this.provisioning.createGroup(this.actingUser, { name, topic, roomId, loginId: this.config.relayLogin });
      if (!(await waitFor(() => this.isBridged(roomId), STATE_GRACE_MS))) {
        throw bridgeErrors.refused(this.config, `it created group ${created.remoteId} but wrote no m.bridge state in ${roomId}`);
      }
      return created.remoteId;
    }
    await this.expectBridged(roomId, await runBridgeCommand(this.bot, this.config, roomId, "create", () => this.isBridged(roomId)));
    return (await this.read(roomId)).ours?.channelId ?? null;
  }

  /** An existing remote chat to this room: only the `bridge` command does that. */
  async link(roomId: string, chatId: string): Promise<string | null> {
    const args = [this.config.relayLogin, chatId].filter(Boolean).join(" ");
    await this.expectBridged(roomId, await runBridgeCommand(this.bot, this.config, roomId, `bridge ${args}`, () => this.isBridged(roomId)));
    return (await this.read(roomId)).ours?.channelId ?? chatId;
  }

  async unlink(roomId: string): Promise<void> {
    const answer = await runBridgeCommand(this.bot, this.config, roomId, "unbridge", async () => !(await this.isBridged(roomId)));
    if (answer.kind === "reply") this.understood(roomId, answer.text);
  }

  async setRelay(roomId: string, enabled: boolean): Promise<void> {
    const command = enabled ? ["set-relay", this.config.relayLogin].filter(Boolean).join(" ") : "unset-relay";
    const answer = await runBridgeCommand(this.bot, this.config, roomId, command);
    if (answer.kind === "reply") this.understood(roomId, answer.text);
  }

  async resync(roomId: string): Promise<void> {
    const answer = await runBridgeCommand(this.bot, this.config, roomId, "sync-portal");
    if (answer.kind === "reply") this.understood(roomId, answer.text);
  }

  private async isBridged(roomId: string): Promise<boolean> {
    return (await this.read(roomId)).ours !== null;
  }

  private understood(roomId: string, reply: string): void {
    const meaning = meaningOf(reply, { bridge: this.config, actingUser: this.actingUser, room: roomId });
    if (!meaning.ok) throw meaning.error;
  }

  /** A success reply may come a moment before the state is visible to us; a refusal never brings state. */
  private async expectBridged(roomId: string, answer: CommandAnswer): Promise<void> {
    if (answer.kind !== "reply") return;
    this.understood(roomId, answer.text);
    if (!(await waitFor(() => this.isBridged(roomId), STATE_GRACE_MS))) {
      throw bridgeErrors.refused(this.config, `it answered "${answer.text}" but wrote no m.bridge state in ${roomId}`);
    }
  }
}
