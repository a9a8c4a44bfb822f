import { type Assets, Layout, type PageMeta } from './layout.js';

export function NotFoundPage(props: { meta: PageMeta; assets: Assets }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <a href="/">{t.notFoundHome}</a> · <a href="/lag">{t.backToList}</a>
      </p>
    </Layout>
  );
}

export function ServerErrorPage(props: { meta: PageMeta; assets: Assets; reference: string }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.errorTitle}</h1>
      <p>{t.errorText}</p>
      <p>{t.errorReference(props.reference)}</p>
      <p>
        <a href="/">{t.notFoundHome}</a>
      </p>
    </Layout>
  );
}

/** Shown in place of a list when an htmx request fails, so the visitor is not left waiting. */
export function ErrorFragment(props: { message: string; reference?: string }) {
  return (
    <div class="notice" role="alert">
      <p>{props.message}</p>
      {props.reference ? <p>{props.reference}</p> : null}
    </div>
  );
}

export function BadRequestPage(props: { meta: PageMeta; assets: Assets }) {
  const { t } = props.meta.tr;
  return (
    <Layout {...props.meta} assets={props.assets}>
      <h1>{t.badRequestTitle}</h1>
      <p>{t.badRequestText}</p>
      <p>
        <a href="/">{t.notFoundHome}</a>
      </p>
    </Layout>
  );
}
