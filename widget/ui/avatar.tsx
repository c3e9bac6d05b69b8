/** Element's default avatar: the first letter of the name on one of six colours chosen from the user (or room) ID. */
export function Avatar({ userId, name, size = 32 }: { userId: string; name?: string | null | undefined; size?: number }) {
  let hash = 0;
  for (const char of userId) hash = (hash + char.charCodeAt(0)) % 6;
  const letter = ((name || userId).replace(/^[@#!]/, "")[0] ?? "?").toUpperCase();
  return (
    <span class={`avatar avatar-${hash + 1}`} style={{ width: size, height: size, fontSize: size * 0.5 }} aria-hidden="true">
      {letter}
    </span>
  );
}
