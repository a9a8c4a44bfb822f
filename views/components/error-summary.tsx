import type { Translator } from '../../src/i18n/index.js';

/** An error summary at the top, linked to each field (GOV.UK pattern), announced on load. */
export function ErrorSummary(props: { tr: Translator; items: { href: string; message: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} id="error-summary">
      <h2 id="error-summary-title">{props.tr.t.errorSummaryHeading}</h2>
      <ul>
        {props.items.map((item) => (
          <li>
            <a href={item.href}>{item.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
