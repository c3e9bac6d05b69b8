import { describe, expect, it } from "vitest";
import { readUserId } from "../../shared/matrix-ids.ts";

describe("reading a line of a list of people", () => {
  it("completes @name with the homeserver's name, as the chat commands do", () => {
    expect(readUserId("@alice", "example.org")).toEqual({ userId: "@alice:example.org" });
    expect(readUserId(" @bob:other.net ", "example.org")).toEqual({ userId: "@bob:other.net" });
  });

  it("says why a line is not a user ID", () => {
    expect(readUserId("alice", "example.org")).toEqual({ problem: "not-user" });
    expect(readUserId("@", "example.org")).toEqual({ problem: "not-user" });
    expect(readUserId("@Alice", "example.org")).toEqual({ problem: "bad-localpart" });
    expect(readUserId("@alice:bad host", "example.org")).toEqual({ problem: "bad-server" });
    expect(readUserId(`@${"a".repeat(260)}`, "example.org")).toEqual({ problem: "too-long" });
  });
});
