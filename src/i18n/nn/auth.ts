import type { authTextNb } from '../auth-text.js';

// Nynorsk: signing in and the guards of the moderator area.

export const authTextNn: typeof authTextNb = {
  loginTitle: 'Logg inn',
  loginIntro: 'For moderatorar og administratorar. Lag og foreiningar treng inga innlogging for å registrera eller endra oppføringa si.',
  emailLabel: 'E-postadresse',
  passwordLabel: 'Passord',
  loginSubmit: 'Logg inn',
  emailMissing: 'Skriv inn e-postadressa di.',
  passwordMissing: 'Skriv inn passordet ditt.',
  loginFailed: 'E-postadressa eller passordet er feil.',
  lockedOut: 'For mange forsøk. Vent 15 minutt og prøv igjen.',
  logout: 'Logg ut',
  signedInAs: (email: string) => `Innlogga som ${email}`,
  unauthorizedTitle: 'Du må logga inn',
  unauthorizedText: 'Denne sida er berre for innlogga moderatorar. Økta di kan ha gått ut.',
  unauthorizedLink: 'Gå til innlogging',
  forbiddenTitle: 'Inga tilgang',
  forbiddenText: 'Brukaren din har ikkje tilgang til denne sida.',
  csrfTitle: 'Skjemaet vart avvist',
  csrfText: 'Skjemaet kom ikkje frå ei gyldig økt på Lagportal sine eigne sider, så ingenting vart endra. Last sida på nytt og prøv igjen.',
  backHome: 'Til framsida',
};
