import { escapeXml } from './xml.js';

// An Atom (RFC 4287) feed of new activities and events, for feed readers and municipal news
// pages. Entry ids are tag: URIs on the row id, so they never change.

export interface AtomActivityEntry {
  id: number;
  title: string;
  /** When it happens, in words, in the feed's language. */
  summary: string;
  created_at: string;
  updated_at: string;
}

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
const link = (rel: string, type: string, href: string) => `<link rel="${rel}" type="${type}" href="${escapeXml(href)}"/>`;

export function activityAtomFeed(options: {
  baseUrl: string;
  lang: string;
  title: string;
  selfPath: string;
  alternatePath: string;
  entries: AtomActivityEntry[];
  now: Date;
}): string {
  const { baseUrl, entries } = options;
  const host = new URL(baseUrl).hostname;
  const updated = entries.reduce<string | null>((max, e) => (max === null || e.updated_at > max ? e.updated_at : max), null) ?? options.now.toISOString();
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(options.lang)}">`,
    element('id', `tag:${host},2026:${options.selfPath.replace(/^\//, '')}`),
    element('title', options.title),
    element('updated', updated),
    `<author>${element('name', 'Lagportal')}${element('uri', `${baseUrl}/`)}</author>`,
    link('self', 'application/atom+xml', `${baseUrl}${options.selfPath}`),
    link('alternate', 'text/html', `${baseUrl}${options.alternatePath}`),
  ];
  for (const e of entries) {
    lines.push(
      '<entry>',
      element('id', `tag:${host},2026:activity/${e.id}`),
      element('title', e.title),
      element('published', e.created_at),
      element('updated', e.updated_at),
      link('alternate', 'text/html', `${baseUrl}/hva-skjer/${e.id}`),
      element('summary', e.summary),
      '</entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
