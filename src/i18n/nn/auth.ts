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
  guessingMailSubject: 'Mislukka innloggingsforsøk på kontoen din i Lagportal',
  guessingMailBody: (p: { email: string; failures: string; minutes: string; loginUrl: string; hours: string }) =>
    `Hei!\n\nDet har vore ${p.failures} mislukka forsøk på å logga inn som ${p.email} i Lagportal dei siste ${p.minutes} minutta.\n\nVar det deg, kan du sjå bort frå denne e-posten. Var det ikkje deg, prøver nokon truleg å gjetta passordet ditt. Kontoen din er ikkje stengd, og passordet er ikkje endra, men vel gjerne eit langt passord du ikkje brukar andre stader. Ein administrator kan setja eit nytt passord for deg.\n\nLogg inn: ${p.loginUrl}\n\nVi sender denne meldinga høgst éin gong kvar ${p.hours}. time.\n\nHelsing Lagportal`,
};
