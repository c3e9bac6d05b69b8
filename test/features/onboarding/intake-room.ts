import { person, type Community, type Person } from "../../synapse/community.ts";

/** An intake room the bot owns, with these newcomers waiting in it (joined). */
export async function intakeRoomWith(c: Community, localparts: string[]): Promise<{ roomId: string; alias: string; waiting: Person[] }> {
  const alias = `#${c.tag}-intake:${c.hs.serverName}`;
  const roomId = await c.bot.client.createRoom({ preset: "public_chat", name: "Intake", room_alias_name: `${c.tag}-intake` });
  const waiting: Person[] = [];
  for (const localpart of localparts) {
    const p = await person(c.hs, `${c.tag}-${localpart}`, { displayName: localpart[0]!.toUpperCase() + localpart.slice(1) });
    await p.client.join(roomId);
    waiting.push(p);
  }
  return { roomId, alias, waiting };
}
