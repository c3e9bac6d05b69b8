import { useState } from "preact/hooks";
import { t } from "../../ui/messages.ts";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { Announce } from "./announce.tsx";
import { ConflictRoom } from "./conflict-room.tsx";
import { CrossRoom } from "./cross-room.tsx";
import { BanLists } from "../policy-lists/ban-lists.tsx";
import { t as banListText } from "../policy-lists/messages.ts";

type Section = "announce" | "conflict" | "cross-room" | "ban-lists";

/** Moderation: announcements, conflict rooms, and acting on one user across rooms. */
export function ModerationScreen() {
  const [section, setSection] = useState<Section>("announce");
  return (
    <div class="stack">
      <Tabs
        label={t("tabModeration")}
        idPrefix="moderation"
        look="chips"
        current={section}
        onSelect={setSection}
        items={[
          { id: "announce", label: t("modAnnounce") },
          { id: "conflict", label: t("modConflict") },
          { id: "cross-room", label: t("modCrossRoom") },
          { id: "ban-lists", label: banListText("banListsTab") },
        ]}
      />
      {/* All stay mounted, so a running announcement's progress is still there after a look elsewhere. */}
      <TabPanel idPrefix="moderation" id="announce" hidden={section !== "announce"}>
        <Announce />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="conflict" hidden={section !== "conflict"}>
        <ConflictRoom />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="cross-room" hidden={section !== "cross-room"}>
        <CrossRoom />
      </TabPanel>
      {/* Mounted when first shown: it reads every ban list. */}
      {section === "ban-lists" ? (
        <TabPanel idPrefix="moderation" id="ban-lists" hidden={false}>
          <BanLists />
        </TabPanel>
      ) : null}
    </div>
  );
}
