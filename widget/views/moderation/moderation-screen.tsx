import { useState } from "preact/hooks";
import { t } from "../../ui/messages.ts";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { Announce } from "./announce.tsx";
import { ConflictRoom } from "./conflict-room.tsx";
import { CrossRoom } from "./cross-room.tsx";
import { ReportsInbox } from "../reports/reports-inbox.tsx";
import { t as reportsT } from "../reports/messages.ts";
import { UserLookup } from "../user-card/user-lookup.tsx";
import { t as cardT } from "../user-card/messages.ts";

import { BanLists } from "../policy-lists/ban-lists.tsx";
import { t as banListText } from "../policy-lists/messages.ts";

type Section = "reports" | "announce" | "conflict" | "cross-room" | "people" | "ban-lists";

/** Moderation: members' reports, announcements, conflict rooms, acting on one user across rooms, one person's card, and the ban lists. */
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
          { id: "reports", label: reportsT("modReports") },
          { id: "people", label: cardT("modPeople") },
          { id: "ban-lists", label: banListText("banListsTab") },
        ]}
      />
      {/* All stay mounted, so a running announcement's progress is still there after a look elsewhere. */}
      <TabPanel idPrefix="moderation" id="reports" hidden={section !== "reports"}>
        <ReportsInbox active={section === "reports"} />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="announce" hidden={section !== "announce"}>
        <Announce />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="conflict" hidden={section !== "conflict"}>
        <ConflictRoom />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="cross-room" hidden={section !== "cross-room"}>
        <CrossRoom />
      </TabPanel>
      <TabPanel idPrefix="moderation" id="people" hidden={section !== "people"}>
        <UserLookup />
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
