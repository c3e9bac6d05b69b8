/** Server texts mark commands and API paths with backticks; show those parts as code. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}
