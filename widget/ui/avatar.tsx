/** Element's default avatar: the first letter of the name on one of six colours chosen from the user ID. */
export function Avatar({ userId, size = 32 }: { userId: string; size?: number }) {
  let hash = 0;
  for (const char of userId) hash = (hash + char.charCodeAt(0)) % 6;
  const letter = (userId.replace(/^@/, "")[0] ?? "?").toUpperCase();
  return (
    <span class={`avatar avatar-${hash + 1}`} style={{ width: size, height: size, fontSize: size * 0.5 }} aria-hidden="true">
      {letter}
    </span>
  );
}
