import { type Assets, Layout, type PageMeta } from './layout.js';

/** /api/v1/profile: how Lagportal uses HSDS 3.0, what it adds and what it restricts. */
export function HsdsProfilePage(props: { meta: PageMeta; assets: Assets }) {
  const { meta, assets } = props;
  const text = meta.tr.t.openData;
  const section = (heading: string, items: readonly string[]) => (
    <section>
      <h2>{heading}</h2>
      <ul>
        {items.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
    </section>
  );
  return (
    <Layout {...meta} assets={assets}>
      <h1>{text.profileTitle}</h1>
      <p>{text.profileIntro}</p>
      {section(text.profileMappingHeading, text.profileMapping)}
      {section(text.profileAdditionsHeading, text.profileAdditions)}
      {section(text.profileRestrictionsHeading, text.profileRestrictions)}
      <p>
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> · <a href="/api/v1/export.zip">/api/v1/export.zip</a> ·{' '}
        <a href="https://docs.openreferral.org/en/latest/">HSDS</a>
      </p>
    </Layout>
  );
}
