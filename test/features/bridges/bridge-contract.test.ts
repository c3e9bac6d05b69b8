import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, type Person } from "../../synapse/community.ts";
import { eventually } from "../../helpers/eventually.ts";
import { fakeTarget, realTarget, whatsappBinary, type BridgeTarget, type TargetSetup } from "./bridge-targets.ts";

/**
 * The contract that keeps the fake honest: the same provisioning and command scenarios run against
 * the fake mautrix-signal and the real mautrix-whatsapp (bridgev2 both), wherever the real one is.
 */
const binary = whatsappBinary();
const setup: TargetSetup = { admins: (server) => [`@bridgeadmin:${server}`] };
const targets = [
  { kind: "fake", start: () => fakeTarget(setup) },
  { kind: "real", start: () => realTarget(binary!, setup) },
] as const;

describe.each(targets)("the bridgev2 contract, against the $kind bridge", ({ kind, start }) => {
  const skip = kind === "real" && !binary;
  if (skip) console.log("bridge contract: the real mautrix-whatsapp is not on this machine, so only the fake runs (see test/synapse/mautrix-whatsapp.ts)");

  let t: BridgeTarget;
  let admin: Person;
  let user: Person;
  let outsider: Person;
  const provision = async (method: string, path: string, options: { as?: string | null; token?: string; body?: unknown } = {}) => {
    const url = new URL(`${t.url}/_matrix/provision/v3${path}`);
    if (options.as !== null) url.searchParams.set("user_id", options.as ?? user.userId);
    const res = await fetch(url, {
      method,
      headers: { ...(options.token === "" ? {} : { authorization: `Bearer ${options.token ?? t.secret}` }), "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const bridgedRoom = async (owner: Person) => {
    const roomId = await owner.client.createRoom({ name: "Contract room", invite: [t.botUserId], power_level_content_override: { users: { [t.botUserId]: 100 } } });
    // The bot joins and greets the room (bridgev2 does, on every invite); commands go after that.
    const greeting = await eventually(async () => {
      const found = (await owner.client.messages(roomId, 20)).find((m) => m.sender === t.botUserId && m.type === "m.room.message");
      expect(found).toBeDefined();
      return found!.content.body as string;
    });
    expect(greeting).toMatch(new RegExp(`^Hello, I'm a \\w+ bridge bot\\.\n\nUse \`${t.commandPrefix} help\` for help\\.$`));
    return roomId;
  };
  /** Sends `<prefix> <command>` and returns the bridge bot's first notice after it (null when it says nothing). */
  const command = async (who: Person, roomId: string, text: string, quietMs = 0) => {
    const sent = await who.client.send(roomId, `${t.commandPrefix} ${text}`);
    const reply = async () => {
      const messages = await who.client.messages(roomId, 30);
      const after = messages.slice(0, messages.findIndex((m) => m.event_id === sent));
      return after.reverse().find((m) => m.sender === t.botUserId && m.type === "m.room.message")?.content.body ?? null;
    };
    if (quietMs) return new Promise<string | null>((resolve) => setTimeout(() => resolve(reply()), quietMs));
    return eventually(async () => {
      const body = await reply();
      expect(body).not.toBeNull();
      return body as string;
    });
  };

  beforeAll(async () => {
    if (skip) return;
    t = await start();
    [admin, user, outsider] = (await Promise.all(["bridgeadmin", "member", "outsider"].map((l) => person(t.synapse, l)))) as [Person, Person, Person];
    await t.addLogin(user.userId, { id: "15550001111", name: "Member's phone" });
    await t.addLogin(admin.userId, { id: "15550002222", name: "Admin's phone" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.skipIf(skip)("whoami names the bot, the command prefix and each login with its state", async () => {
    const who = await provision("GET", "/whoami");
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ bridge_bot: t.botUserId, command_prefix: t.commandPrefix, homeserver: t.synapse.serverName, network: { network_id: t.network } });
    expect(who.body.network.default_command_prefix).toBe(t.commandPrefix);
    expect(who.body.login_flows.map((f: any) => f.id)).toContain(t.offlineFlow.id);
    expect(who.body.logins).toHaveLength(1);
    expect(who.body.logins[0]).toMatchObject({ id: "15550001111", name: "Member's phone", state: { state_event: expect.any(String), timestamp: expect.any(Number) } });
    expect(who.body.logins[0].state_event).toBe(who.body.logins[0].state.state_event);
  });

  it.skipIf(skip)("authenticates with the shared secret or the user's own Matrix access token, and nothing else", async () => {
    expect((await provision("GET", "/whoami", { token: user.accessToken })).status).toBe(200);
    expect((await provision("GET", "/whoami", { token: user.accessToken, as: admin.userId })).body).toEqual({ errcode: "M_UNKNOWN_TOKEN", error: "Invalid auth token" });
    expect(await provision("GET", "/whoami", { token: "not-the-secret-at-all" })).toEqual({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN", error: "Invalid auth token" } });
    expect(await provision("GET", "/whoami", { token: "" })).toEqual({ status: 401, body: { errcode: "M_MISSING_TOKEN", error: "Missing auth token" } });
  });

  it.skipIf(skip)("refuses a missing or foreign user_id with 403 M_FORBIDDEN, and a wrong method with 405", async () => {
    const forbidden = { status: 403, body: { errcode: "M_FORBIDDEN", error: "User does not have login permissions" } };
    expect(await provision("GET", "/whoami", { as: null })).toEqual(forbidden);
    expect(await provision("GET", "/whoami", { as: "@someone:elsewhere.example" })).toEqual(forbidden);
    expect(await provision("DELETE", "/whoami")).toEqual({ status: 405, body: { errcode: "M_UNRECOGNIZED", error: "Invalid method for endpoint" } });
    expect(await provision("GET", "/login/cancel/abc")).toMatchObject({ status: 405 });
  });

  it.skipIf(skip)("needs a login for groups, identifiers and DMs: 400 FI.MAU.NOT_LOGGED_IN", async () => {
    const notLoggedIn = { status: 400, body: { errcode: "FI.MAU.NOT_LOGGED_IN", error: "Not logged in" } };
    const as = outsider.userId;
    expect(await provision("POST", "/create_group/group", { as, body: { name: { name: "x" }, participants: [] } })).toEqual(notLoggedIn);
    expect(await provision("GET", "/resolve_identifier/+15550003333", { as })).toEqual(notLoggedIn);
    expect(await provision("POST", "/create_dm/+15550003333", { as })).toEqual(notLoggedIn);
    expect(await provision("GET", "/logins", { as })).toEqual({ status: 200, body: { login_ids: [] } });
    expect(await provision("POST", "/logout/15550001111", { as })).toEqual({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Login not found" } });
  });

  it.skipIf(skip)("states its group rules in capabilities and enforces them: name limit in UTF-8 bytes, participants, group type", async () => {
    const caps = (await provision("GET", "/capabilities")).body.group_creation.group;
    const limit: number = caps.name.max_length;
    expect(limit).toBeGreaterThan(0);
    const participants = caps.participants.required ? ["15550003333"] : [];
    // As many "é" as the limit allows in characters, which is twice as many bytes.
    const tooLong = await provision("POST", "/create_group/group", { body: { name: { name: "é".repeat(limit / 2 + 1) }, participants } });
    expect(tooLong).toEqual({ status: 400, body: { errcode: "M_INVALID_PARAM", error: `Name must be at most ${limit} characters` } });
    if (caps.participants.required) {
      expect(caps.participants.min_length).toBeGreaterThan(0);
      const none = await provision("POST", "/create_group/group", { body: { name: { name: "Gardening" }, participants: [] } });
      expect(none).toEqual({ status: 400, body: { errcode: "M_INVALID_PARAM", error: `Must have at least ${caps.participants.min_length} member (in addition to yourself)` } });
    }
    expect(await provision("POST", "/create_group/channel", { body: { name: { name: "x" }, participants } })).toEqual({
      status: 404,
      body: { errcode: "M_UNRECOGNIZED", error: "Unrecognized group type channel" },
    });
  });

  it.skipIf(skip)("runs a login process by step ID: txn_id on steps, M_BAD_STATE for another step, cancel ends it", async () => {
    const started = await provision("POST", `/login/start/${t.offlineFlow.id}`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ login_id: expect.any(String), type: t.offlineFlow.type, txn_id: expect.stringMatching(/^bls_/) });
    expect(started.body.step_id).toBe(`fi.mau.${t.network}.login.${t.offlineFlow.id}`);
    const { login_id: id, step_id: stepId } = started.body;
    const otherStep = await provision("POST", `/login/step/${id}/fi.mau.other/${t.offlineFlow.type}`, { body: {} });
    expect(otherStep).toEqual({ status: 500, body: { errcode: "M_BAD_STATE", error: "Step ID does not match" } });
    const otherType = t.offlineFlow.type === "user_input" ? "display_and_wait" : "user_input";
    expect(await provision("POST", `/login/step/${id}/${stepId}/${otherType}`, { body: {} })).toEqual({ status: 500, body: { errcode: "M_BAD_STATE", error: "Step type does not match" } });
    expect(await provision("POST", `/login/cancel/${id}`)).toEqual({ status: 200, body: {} });
    expect(await provision("POST", `/login/step/${id}/${stepId}/${t.offlineFlow.type}`, { body: {} })).toEqual({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Login not found" } });
    expect(await provision("POST", `/login/cancel/${id}`)).toEqual({ status: 404, body: { errcode: "M_NOT_FOUND", error: "Login not found" } });
  });

  it.skipIf(skip)("outside a portal, answers portal commands with its refusal", async () => {
    const roomId = await bridgedRoom(user);
    expect(await command(user, roomId, "unbridge")).toBe("That command can only be ran in portal rooms.");
    expect(await command(user, roomId, "set-relay")).toBe("That command can only be ran in portal rooms.");
  });

  it.skipIf(skip)("in a portal: m.bridge under <server>/<appservice id>, relay rules, and unbridge that leaves its state behind", async () => {
    const roomId = await bridgedRoom(admin);
    await admin.client.invite(roomId, user.userId);
    await user.client.join(roomId);
    await admin.client.setPowerLevel(roomId, user.userId, 100);
    await t.addPortal(roomId, { id: "120363000000000001@g.us", name: "Allotment" });
    const bridgeState = await eventually(async () => {
      const state = (await admin.client.allState(roomId)).filter((e) => e.type === "m.bridge" || e.type === "uk.half-shot.bridge");
      expect(state).toHaveLength(2);
      return state;
    });
    for (const e of bridgeState) {
      expect(e.state_key).toBe(t.stateKey);
      expect(e.sender).toBe(t.botUserId);
      expect(e.content).toMatchObject({ bridgebot: t.botUserId, channel: { id: "120363000000000001@g.us", displayname: "Allotment" }, protocol: { id: t.network } });
    }
    // relay.admin_only: a user who is not a bridge admin may only choose a default relay, and there is none.
    expect(await command(user, roomId, "set-relay")).toBe("You're not logged in and there are no default relay users configured");
    expect(await command(user, roomId, "set-relay 15550002222")).toBe("Only bridge admins can set another user's login as the relay");
    expect(await command(admin, roomId, "set-relay nope")).toBe("User login with ID `nope` not found");
    expect(await command(admin, roomId, "set-relay")).toBe(
      `Messages sent by users who haven't logged in will now be relayed through Admin's phone (${admin.userId}'s login)`,
    );
    expect(await command(admin, roomId, "unset-relay")).toBe("Stopped relaying messages for users who haven't logged in");
    expect(await command(admin, roomId, "unset-relay")).toBe("This portal doesn't have a relay set.");

    // unbridge: no reply, the bot leaves, the portal forgets the room, and m.bridge stays as it was.
    expect(await command(admin, roomId, "unbridge", 3_000)).toBeNull();
    await eventually(async () => expect((await admin.client.state(roomId, "m.room.member", t.botUserId)).membership).toBe("leave"));
    expect(await t.hasPortal(roomId)).toBe(false);
    const after = (await admin.client.allState(roomId)).filter((e) => e.type === "m.bridge" || e.type === "uk.half-shot.bridge");
    expect(after.map((e) => e.content)).toEqual(bridgeState.map((e) => e.content));
  });
});
