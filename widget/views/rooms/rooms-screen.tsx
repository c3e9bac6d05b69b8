import { useState } from "preact/hooks";
import { t } from "../../ui/messages.ts";
import { TabPanel, Tabs } from "../../ui/tabs.tsx";
import { lazy } from "../../ui/lazy.tsx";
import { AccessCheck } from "./access-check.tsx";
import { CreateRoom } from "./create-room.tsx";
import { InviteForm } from "./invite-form.tsx";
import { RoomDetailView } from "./room-detail.tsx";
import { RoomDirectory } from "./room-directory.tsx";
import { Templates } from "./templates.tsx";

type Section = "directory" | "create" | "templates" | "invite" | "access" | "bridges";

const BridgesScreen = lazy(() => import("../bridges/bridges-screen.tsx").then((m) => m.BridgesScreen));

/** Rooms: the directory (and a room's detail), creating rooms, templates, bulk invites, the access check and bridges. */
export function RoomsScreen() {
  const [section, setSection] = useState<Section>("directory");
  const [roomId, setRoomId] = useState<string>();
  const [returnFrom, setReturnFrom] = useState<string>();
  const back = () => {
    setReturnFrom(roomId);
    setRoomId(undefined);
  };
  const open = (id: string) => {
    setRoomId(id);
    setSection("directory");
  };
  return (
    <div class="stack">
      <Tabs
        label={t("tabRooms")}
        idPrefix="rooms"
        look="chips"
        current={section}
        onSelect={(s) => {
          setSection(s);
          if (s === "directory") setRoomId(undefined);
        }}
        items={[
          { id: "directory", label: t("roomsDirectory") },
          { id: "create", label: t("roomsCreate") },
          { id: "templates", label: t("roomsTemplates") },
          { id: "invite", label: t("roomsInvite") },
          { id: "access", label: t("roomsAccess") },
          { id: "bridges", label: t("roomsBridges") },
        ]}
      />
      <TabPanel idPrefix="rooms" id={section}>
        {/* The directory stays mounted under a room's detail, so Back returns to the same search and page. */}
        {section === "directory" ? (
          <>
            <div hidden={roomId !== undefined}>
              <RoomDirectory active={roomId === undefined} onOpen={setRoomId} returnFrom={returnFrom} onCheckAccess={() => setSection("access")} />
            </div>
            {roomId ? <RoomDetailView roomId={roomId} onBack={back} /> : null}
          </>
        ) : section === "create" ? (
          <CreateRoom onOpenDetail={open} />
        ) : section === "templates" ? (
          <Templates />
        ) : section === "access" ? (
          <AccessCheck />
        ) : section === "bridges" ? (
          <BridgesScreen onOpenDetail={open} />
        ) : (
          <InviteForm />
        )}
      </TabPanel>
    </div>
  );
}
