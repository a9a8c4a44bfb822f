/** Plain text as paragraphs: a blank line starts a new one, a single line break is kept. Never HTML. */
export function Paragraphs(props: { text: string; class?: string }) {
  const paragraphs = props.text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class={props.class}>
      {paragraphs.map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}
