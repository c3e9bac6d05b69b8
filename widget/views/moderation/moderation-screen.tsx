import { useState } from "preact/hooks";
import { t } from "../../ui/messages.ts";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { Announce } from "./announce.tsx";
import { ConflictRoom } from "./conflict-room.tsx";
import { CrossRoom } from "./cross-room.tsx";

type Section = "announce" | "conflict" | "cross-room";

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
    </div>
  );
}
