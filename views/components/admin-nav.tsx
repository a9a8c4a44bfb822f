import type { SignedInUser } from '../../src/app-env.js';
import type { Translator } from '../../src/i18n/index.js';

export type AdminArea = 'queue' | 'events' | 'users' | 'places' | 'categories' | 'regions' | 'texts' | 'outbox' | 'account';

const AREAS: { area: AdminArea; href: string; adminOnly: boolean }[] = [
  { area: 'queue', href: '/moderering', adminOnly: false },
  { area: 'events', href: '/moderering/arrangementer', adminOnly: false },
  { area: 'users', href: '/moderering/brukere', adminOnly: true },
  { area: 'places', href: '/moderering/steder', adminOnly: false },
  { area: 'categories', href: '/moderering/kategorier', adminOnly: true },
  { area: 'regions', href: '/moderering/regioner', adminOnly: true },
  { area: 'texts', href: '/moderering/tekster', adminOnly: true },
  { area: 'outbox', href: '/moderering/utboks', adminOnly: true },
  { area: 'account', href: '/moderering/konto', adminOnly: false },
];

/** Links to each part of the moderator area; moderators see the queue and places only. */
export function AdminNav(props: { tr: Translator; user: Pick<SignedInUser, 'role'>; current?: AdminArea }) {
  const { t } = props.tr;
  return (
    <nav class="admin-nav" aria-label={t.admin.navLabel}>
      <ul>
        {AREAS.filter((a) => !a.adminOnly || props.user.role === 'admin').map((a) => (
          <li>
            <a href={a.href} aria-current={a.area === props.current ? 'page' : undefined}>
              {t.admin.nav[a.area]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
