import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HttpStatusError, MatrixError, MatrixHttpClient } from "../../../server/kernel/matrix/matrix-http.ts";
import { describeMatrixFailure, fromHomeserver, isNotFound, transientFailure } from "../../../server/kernel/errors/homeserver-failure.ts";
import { seedCommunity, type Community } from "../../synapse/community.ts";

const hs = inject("synapse");

/** The bot's own Client-Server API client (it replaced matrix-bot-sdk's in the server), against Synapse. */
describe("the bot's Client-Server API client", () => {
  let c: Community;
  let client: MatrixHttpClient;
  let proxyError: http.Server;
  let proxyUrl: string;
  beforeAll(async () => {
    c = await seedCommunity(hs, { members: 1, extraRooms: 0 });
    client = new MatrixHttpClient(hs.baseUrl, c.bot.accessToken);
    // What a reverse proxy answers when the homeserver behind it is down: an HTML page, no Matrix error.
    proxyError = http.createServer((_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>"));
    await new Promise<void>((resolve) => proxyError.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxyError.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxyError.close(() => resolve())));

  it("makes the bot's calls with its token and reads the answers", async () => {
    expect((await client.getWhoAmI()).user_id).toBe(c.bot.userId);
    const roomId = await client.createRoom({ preset: "private_chat", name: "http client" });
    expect(await client.getJoinedRooms()).toContain(roomId);
    expect(await client.lookupRoomAlias(c.defaultRoom.alias)).toBe(c.defaultRoom.roomId);
    await client.sendStateEvent(roomId, "m.room.topic", "", { topic: "set through the client" });
    expect(await client.getRoomStateEvent(roomId, "m.room.topic", "")).toEqual({ topic: "set through the client" });
    const eventId = await client.sendEvent(roomId, "m.room.message", { msgtype: "m.notice", body: "hello" });
    expect(eventId).toMatch(/^\$/);
    const member = c.members[0]!;
    await client.inviteUser(member.userId, roomId);
    await client.kickUser(member.userId, roomId, "changed my mind");
    expect((await client.getRoomStateEvent(roomId, "m.room.member", member.userId)).membership).toBe("leave");
    expect(await client.getJoinedRoomMembers(roomId)).toEqual([c.bot.userId]);
    // Repeated query keys, as the spec writes arrays: both membership filters apply.
    const members = await client.doRequest("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`, { not_membership: ["leave", "ban"] });
    expect(members.chunk.map((e: { state_key: string }) => e.state_key)).toEqual([c.bot.userId]);
  });

  it("throws the homeserver's Matrix error with its code, status and retry time", async () => {
    const err = await client.getRoomStateEvent(c.defaultRoom.roomId, "org.example.absent", "").catch((e) => e);
    expect(err).toBeInstanceOf(MatrixError);
    expect(err).toMatchObject({ errcode: "M_NOT_FOUND", statusCode: 404 });
    expect(isNotFound(err)).toBe(true);
    const badToken = await new MatrixHttpClient(hs.baseUrl, "syt_not_a_token").getWhoAmI().catch((e) => e);
    expect(describeMatrixFailure(badToken).code).toBe("homeserver_token_invalid");
  });

  it("throws an answer without a Matrix error as an HTTP failure the homeserver gave (waited out by jobs)", async () => {
    const err = await new MatrixHttpClient(proxyUrl, "t").getWhoAmI().catch((e) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.statusCode).toBe(502);
    expect(fromHomeserver(err)).toBe(true);
    expect(describeMatrixFailure(err).message).toContain("answered HTTP 502 without a Matrix error");
    expect(transientFailure(err)).toBeDefined();
  });

  it("passes a refused connection on with its network code", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await new MatrixHttpClient(`http://127.0.0.1:${port}`, "t").getWhoAmI().catch((e) => e);
    expect(fromHomeserver(err)).toBe(true);
    expect(describeMatrixFailure(err).code).toBe("homeserver_unreachable");
  });
});
