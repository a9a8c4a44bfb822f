// Texts for claiming an entry imported from Enhetsregisteret, Bokmål first; English has the same keys.

export const claimTextNb = {
  promptHeading: 'Er dette ditt lag?',
  promptText: 'Opplysningene er hentet fra Enhetsregisteret. Er du med i laget, kan du ta over oppføringen og holde den oppdatert.',
  promptLink: (name: string) => `Ta over oppføringen for ${name}`,
  title: (name: string) => `Er dette ditt lag? ${name}`,
  intro:
    'Fortell oss hvem du er, så sjekker en moderator at du hører til laget. Når det er godkjent, får du en privat lenke på e-post der du kan endre opplysningene.',
  fromRegister: 'Opplysningene om laget er hentet fra Enhetsregisteret.',
  privacy: 'Navnet, e-postadressen og telefonnummeret ditt vises ikke på lagets side; bare moderatorene ser dem.',
  labels: {
    contact_name: 'Navnet ditt',
    contact_email: 'E-postadressen din',
    phone: 'Telefonnummer',
    message: 'Hvilken rolle har du i laget?',
    accept_terms: 'Jeg godtar vilkårene og bekrefter at jeg har lov til å oppdatere opplysningene om laget',
  },
  hints: {
    contact_email: 'Hit sender vi lenken du endrer laget med.',
    phone: 'I tilfelle moderatoren vil ringe deg. Norske nummer kan skrives 912 34 567.',
    message: 'For eksempel «leder», «sekretær» eller «styremedlem». Skriv gjerne noe som gjør det lett å sjekke.',
  },
  errors: {
    contactNameRequired: 'Skriv navnet ditt.',
    contactNameTooLong: 'Navnet kan ikke være lengre enn 120 tegn.',
    contactEmailRequired: 'Skriv e-postadressen din.',
    contactEmailInvalid: 'Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.',
    contactEmailTooLong: 'E-postadressen kan ikke være lengre enn 254 tegn.',
    messageRequired: 'Skriv hvilken rolle du har i laget.',
    messageTooLong: 'Skriv kortere: høyst 1000 tegn.',
    acceptTermsRequired: 'Kryss av for at du godtar vilkårene.',
  },
  submit: 'Send til moderator',
  alreadyClaimed: 'Denne oppføringen har allerede en kontaktperson. Er opplysningene feil, kan du be om en endringslenke fra kontaktpersonen.',
  thanksTitle: 'Takk! Vi sjekker det',
  thanksText: 'En moderator ser på forespørselen din. Når den er godkjent, får du en e-post med en privat lenke der du kan endre opplysningene om laget.',
  backToAssociation: 'Tilbake til laget',
  // Moderator queue
  queueClaimant: 'Hvem',
  queueEmail: 'E-post',
  queuePhone: 'Telefon',
  queueMessage: 'Rolle i laget',
  queueOtherClaims: (n: string) => `${n} andre venter på svar for dette laget. Godkjenner du denne, blir de andre avvist.`,
  // Emails
  mailApprovedSubject: (name: string) => `Du er nå kontaktperson for ${name} i Lagportal`,
  mailApprovedBody: (p: { name: string; link: string; days: string }) =>
    `Hei!\n\nDu er godkjent som kontaktperson for ${p.name} i Lagportal. Med denne private lenken kan du endre opplysningene om laget:\n\n${p.link}\n\nLenken virker i ${p.days} dager. Ikke del den med andre. Trenger du en ny lenke senere, kan du be om den på nettstedet.\n\nHilsen Lagportal`,
  mailRejectedSubject: (name: string) => `Forespørselen om ${name} ble ikke godkjent`,
  mailRejectedBody: (p: { name: string; reason: string }) =>
    `Hei!\n\nDu ba om å bli kontaktperson for ${p.name} i Lagportal. Moderatoren godkjente det ikke og skrev:\n\n${p.reason}\n\nHilsen Lagportal`,
  otherClaimApprovedReason: 'En annen person fra laget er allerede godkjent som kontaktperson.',
};

export const claimTextEn: typeof claimTextNb = {
  promptHeading: 'Is this your association?',
  promptText:
    'These details come from the Central Coordinating Register for Legal Entities. If you are a member, you can take over the entry and keep it up to date.',
  promptLink: (name: string) => `Take over the entry for ${name}`,
  title: (name: string) => `Is this your association? ${name}`,
  intro:
    'Tell us who you are, and a moderator will check that you belong to the association. Once approved, you get a private link by email where you can change the details.',
  fromRegister: 'The details of the association come from the Central Coordinating Register for Legal Entities.',
  privacy: 'Your name, email address and phone number are not shown on the association’s page; only the moderators see them.',
  labels: {
    contact_name: 'Your name',
    contact_email: 'Your email address',
    phone: 'Phone number',
    message: 'What is your role in the association?',
    accept_terms: 'I accept the terms and confirm that I am allowed to update the association’s details',
  },
  hints: {
    contact_email: 'We send the link for changing the entry here.',
    phone: 'In case the moderator wants to call you. Norwegian numbers can be written 912 34 567.',
    message: 'For example “chair”, “secretary” or “board member”. Anything that makes it easy to check helps.',
  },
  errors: {
    contactNameRequired: 'Enter your name.',
    contactNameTooLong: 'The name cannot be longer than 120 characters.',
    contactEmailRequired: 'Enter your email address.',
    contactEmailInvalid: 'Enter a valid email address, such as name@example.no.',
    contactEmailTooLong: 'The email address cannot be longer than 254 characters.',
    messageRequired: 'Enter your role in the association.',
    messageTooLong: 'Please write less: at most 1000 characters.',
    acceptTermsRequired: 'Tick the box to accept the terms.',
  },
  submit: 'Send to a moderator',
  alreadyClaimed: 'This entry already has a contact person. If the details are wrong, ask the contact person for an edit link.',
  thanksTitle: 'Thank you! We will check it',
  thanksText: 'A moderator will look at your request. Once approved, you get an email with a private link where you can change the association’s details.',
  backToAssociation: 'Back to the association',
  queueClaimant: 'Who',
  queueEmail: 'Email',
  queuePhone: 'Phone',
  queueMessage: 'Role in the association',
  queueOtherClaims: (n: string) => `${n} others are waiting for an answer for this association. Approving this one rejects the others.`,
  mailApprovedSubject: (name: string) => `You are now the contact person for ${name} in Lagportal`,
  mailApprovedBody: (p: { name: string; link: string; days: string }) =>
    `Hello!\n\nYou have been approved as the contact person for ${p.name} in Lagportal. With this private link you can change the association’s details:\n\n${p.link}\n\nThe link works for ${p.days} days. Do not share it. If you need a new link later, you can ask for one on the site.\n\nRegards, Lagportal`,
  mailRejectedSubject: (name: string) => `Your request for ${name} was not approved`,
  mailRejectedBody: (p: { name: string; reason: string }) =>
    `Hello!\n\nYou asked to become the contact person for ${p.name} in Lagportal. The moderator did not approve it and wrote:\n\n${p.reason}\n\nRegards, Lagportal`,
  otherClaimApprovedReason: 'Someone else from the association has already been approved as the contact person.',
};
