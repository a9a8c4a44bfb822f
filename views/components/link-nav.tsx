/**
 * A labelled row of links in a landing page's intro (a municipality's places, a category's
 * subcategories); nothing at all when there are none, so no empty landmark is announced.
 */
export function LinkNav(props: { id: string; heading: string; links: { href: string; text: string }[] }) {
  if (props.links.length === 0) return null;
  return (
    <nav aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <ul class="link-list link-list--inline">
        {props.links.map((link) => (
          <li>
            <a href={link.href}>{link.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
