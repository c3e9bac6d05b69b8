import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { mxidLocalpartOf } from "../../../server/kernel/authentik/identity.ts";
import { venvPython } from "../../synapse/install.ts";

const LONG = "a".repeat(300);

/** Username → the localpart Synapse's OIDC sign-in gives it (`map_username_to_mxid_localpart`). */
const TABLE: Array<[string, string]> = [
  ["alice", "alice"],
  ["Alice.Smith", "alice.smith"],
  ["Ömer.Becker", "=c3=96mer.becker"],
  ["ömer.becker", "=c3=b6mer.becker"],
  ["ÉLODIE", "=c3=89lodie"],
  ["İpek", "=c4=b0pek"],
  ["ẞtraße", "=e1=ba=9etra=c3=9fe"],
  ["ΣΊΣΥΦΟΣ", "=ce=a3=ce=8a=ce=a3=ce=a5=ce=a6=ce=9f=ce=a3"],
  ["a=b", "a=3db"],
  ["==", "=3d=3d"],
  ["_bob", "=5fbob"],
  ["bob_", "bob_"],
  ["__init__", "=5f_init__"],
  ["12345", "12345"],
  ["0", "0"],
  ["first.last", "first.last"],
  [".hidden.", ".hidden."],
  ["a+b/c-d", "a+b/c-d"],
  ["Mary Jane", "mary=20jane"],
  ["x@example.org", "x=40example.org"],
  ["tab\tname", "tab=09name"],
  ["emoji😀", "emoji=f0=9f=98=80"],
  ["ＡＢ", "=ef=bc=a1=ef=bc=a2"],
  [LONG, LONG],
  ["Ü".repeat(100), "=c3=9c".repeat(100)],
];

describe("Matrix localparts exactly as Synapse maps usernames", () => {
  it.each(TABLE)("%j → %j", (username, localpart) => {
    expect(mxidLocalpartOf(username)).toBe(localpart);
  });

  it("agrees with Synapse's own map_username_to_mxid_localpart on every name in the table", () => {
    const script = "import json,sys\nfrom synapse.types import map_username_to_mxid_localpart as m\nprint(json.dumps([m(n) for n in json.load(sys.stdin)]))";
    const out = execFileSync(venvPython(), ["-c", script], { input: JSON.stringify(TABLE.map(([name]) => name)), encoding: "utf8" });
    expect(TABLE.map(([name]) => mxidLocalpartOf(name))).toEqual(JSON.parse(out));
  });
});
