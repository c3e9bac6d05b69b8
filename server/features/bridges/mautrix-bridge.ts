import type { Bot } from "../../kernel/matrix/bot.ts";
import type { BridgeConfig } from "../../kernel/config/bridge-config.ts";
import { ProvisioningClient, type BridgeLogin } from "./provisioning-client.ts";
import { isOurs, readBridgeRoom, type BridgeRoomFacts } from "./bridge-room.ts";
import { runBridgeCommand, waitFor, type CommandAnswer } from "./bridge-commands.ts";
import { meaningOf } from "./command-replies.ts";
import { bridgeErrors } from "./bridge-error.ts";
import { BridgeErrorCode } from "../../../shared/bridges.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";

/** What creating a group needs, from the bridge's capabilities (or the network's defaults without provisioning). */
export type GroupRules = { nameLimit: number; minParticipants: number };

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
  private prefix: Promise<string> | undefined;

  constructor(config: BridgeConfig, bot: Bot, fetchImpl?: typeof fetch) {
    this.config = config;
    this.bot = bot;
    // Read the token per request: rotation swaps the bot's client.
    this.provisioning = config.provisioningUrl ? new ProvisioningClient(config, () => bot.accessToken, fetchImpl) : null;
  }

  /**
   * The prefix the bridge itself answers to (whoami's command_prefix: WhatsApp's is "!wa"); a
   * wrong one is not an error to the bridge but a chat message it relays to the remote group.
   */
  commandPrefix(): Promise<string> {
    this.prefix ??= this.provisioning
      ? this.provisioning.whoami(this.actingUser).then((w) => w.commandPrefix || this.config.commandPrefix)
      : Promise.resolve(this.config.commandPrefix);
    return this.prefix;
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

  /** The bridge's rules for a new group, as its capabilities state them (or the network's known defaults). */
  async groupRules(): Promise<GroupRules> {
    const defaults = { nameLimit: this.config.groupNameLimit, minParticipants: this.config.groupMinParticipants };
    if (!this.provisioning) return defaults;
    const rules = await this.provisioning.groupRules(this.actingUser);
    if (!rules.known) throw bridgeErrors.declined(this.config, 404, "M_UNRECOGNIZED", `its capabilities list no group type "${this.config.groupType}"`);
    return { nameLimit: rules.nameLimit ?? defaults.nameLimit, minParticipants: rules.minParticipants };
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
    await this.expectBridged(roomId, await this.command(roomId, "create", () => this.isBridged(roomId)));
    return (await this.read(roomId)).ours?.channelId ?? null;
  }

  /** An existing remote chat to this room: only the `bridge` command does that. */
  async link(roomId: string, chatId: string): Promise<string | null> {
    const args = [this.config.relayLogin, chatId].filter(Boolean).join(" ");
    await this.expectBridged(roomId, await this.command(roomId, `bridge ${args}`, () => this.isBridged(roomId)));
    return (await this.read(roomId)).ours?.channelId ?? chatId;
  }

  /**
   * `unbridge`, judged by the bridge: bridgev2 answers nothing, forgets the portal and its bot leaves
   * the room, or it says the room is no portal (any more). Either way the link is gone, and the
   * m.bridge state bridgev2 leaves behind is cleared by the dashboard's bot, so the room shows as
   * unbridged and can be linked again. Returns whether the bridge still had the room as a portal.
   */
  async unlink(roomId: string): Promise<boolean> {
    const bridgeBot = this.config.botUserId;
    const left = async () => (await this.bot.membershipOf(roomId, bridgeBot)) !== "join";
    const answer = await this.command(roomId, "unbridge", left);
    let wasPortal = true;
    if (answer.kind === "reply") {
      const meaning = meaningOf(answer.text, { bridge: this.config, actingUser: this.actingUser, room: roomId });
      if (!meaning.ok && meaning.error.code !== BridgeErrorCode.notBridged) throw meaning.error;
      wasPortal = false;
      // Its bot came in only to hear the command and has no use in a room that is no portal. Best
      // effort: where the dashboard's bot may not kick, health shows it as "in the room, not bridged".
      await this.bot.kickUser(bridgeBot, roomId, "The room is no longer bridged").catch(() => undefined);
    }
    await this.clearBridgeState(roomId);
    return wasPortal;
  }

  /** Empties this bridge's m.bridge / uk.half-shot.bridge events (what a bridge would do when it unbridges). */
  async clearBridgeState(roomId: string): Promise<void> {
    const facts = await this.read(roomId);
    for (const [key, info] of facts.state.bridges) {
      if (!isOurs(this.config, info)) continue;
      const [type, stateKey] = [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)];
      try {
        await this.bot.sendStateEvent(roomId, type, stateKey, {});
      } catch (err) {
        throw describeMatrixFailure(err, `clearing ${type} in ${roomId}`);
      }
    }
  }

  async setRelay(roomId: string, enabled: boolean): Promise<void> {
    const command = enabled ? ["set-relay", this.config.relayLogin].filter(Boolean).join(" ") : "unset-relay";
    const answer = await this.command(roomId, command);
    if (answer.kind === "reply") this.understood(roomId, answer.text);
  }

  async resync(roomId: string): Promise<void> {
    const answer = await this.command(roomId, "sync-portal");
    if (answer.kind === "reply") this.understood(roomId, answer.text);
  }

  private async command(roomId: string, command: string, settled?: () => Promise<boolean>): Promise<CommandAnswer> {
    return runBridgeCommand(this.bot, this.config, await this.commandPrefix(), roomId, command, settled);
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
