export function BridgesScreen(_: { onOpenDetail(roomId: string): void }) {
  return <section data-view="bridges" />;
}
