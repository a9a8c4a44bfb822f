// Texts of the forms visitors use about one entry: "Meld feil" (report an error) and the
// contact form that stands in for an association's email address, plus what moderators see
// of reports. Norwegian Bokmål first; English must have the same keys.

export const visitorTextNb = {
  reportLink: 'Meld feil',
  reportLinkText: 'Er noe feil eller utdatert her?',
  reportTitle: (name: string) => `Meld feil om ${name}`,
  reportIntro: 'Fortell oss hva som er feil, så ser en moderator på det. Meldingen vises ikke offentlig.',
  kindLegend: 'Hva er feil?',
  kinds: {
    wrong_info: 'Feil eller utdaterte opplysninger',
    closed: 'Laget er lagt ned',
    broken_link: 'En lenke virker ikke',
    other: 'Noe annet',
  },
  reportMessageLabel: 'Beskriv feilen',
  reportMessageHint: 'Hva er feil, og hva er riktig? Høyst 2000 tegn.',
  reportEmailLabel: 'Din e-postadresse',
  reportEmailHint: 'Fyll ut hvis du vil ha beskjed når feilen er rettet. Adressen vises ikke og brukes bare til dette.',
  reportSubmit: 'Send meldingen',
  reportThanksTitle: 'Takk for at du sa fra',
  reportThanksText: 'En moderator ser på meldingen, vanligvis innen noen dager.',
  backToEntry: (name: string) => `Tilbake til ${name}`,
  errors: {
    kindRequired: 'Velg hva som er feil.',
    reportMessageRequired: 'Beskriv feilen, så moderatoren vet hva som skal rettes.',
    reportMessageTooLong: 'Beskrivelsen kan være høyst 2000 tegn.',
    emailRequired: 'Skriv e-postadressen din, så laget kan svare deg.',
    emailInvalid: 'Skriv e-postadressen i riktig format, for eksempel navn@example.no.',
    emailTooLong: 'E-postadressen kan være høyst 254 tegn.',
    nameRequired: 'Skriv navnet ditt.',
    nameTooLong: 'Navnet kan være høyst 120 tegn.',
    contactMessageRequired: 'Skriv en melding til laget.',
    contactMessageTooLong: 'Meldingen kan være høyst 3000 tegn.',
  },
  mailReportHandledSubject: (name: string) => `Feilen du meldte om ${name} er behandlet`,
  mailReportHandledBody: (p: { name: string; url: string }) =>
    `Hei!\n\nTakk for at du meldte fra om feil på ${p.name} i Lagportal. En moderator har sett på det og gjort det som trengtes:\n${p.url}\n\nHilsen Lagportal`,

  contactLink: 'Send en melding',
  contactTitle: (name: string) => `Send en melding til ${name}`,
  contactIntro: 'Meldingen sendes på e-post til laget, og de svarer direkte til deg.',
  contactNameLabel: 'Ditt navn',
  contactEmailLabel: 'Din e-postadresse',
  contactEmailHint: 'Laget svarer til denne adressen. Lagportal lagrer den ikke ut over e-posten som sendes.',
  contactMessageLabel: 'Melding',
  contactMessageHint: 'Høyst 3000 tegn.',
  contactSubmit: 'Send meldingen',
  contactThanksTitle: 'Meldingen er sendt',
  contactThanksText: (name: string) => `Meldingen er sendt til ${name}. Svaret kommer på e-post direkte fra laget.`,
  // No typed text in the subject (a sender name could carry anything, an RFC 2047 encoded word included).
  mailContactSubject: 'Ny melding via kontaktskjemaet i Lagportal',
  mailContactBody: (p: { association: string; from: string; message: string; url: string }) =>
    `${p.message}\n\n-- \nDenne meldingen ble sendt av ${p.from} via kontaktskjemaet for ${p.association} på Lagportal:\n${p.url}\nSvar på e-posten for å svare avsenderen. Lagportal har ikke vist e-postadressen deres til avsenderen.`,

  queueReportKind: 'Hva er feil',
  queueReportMessage: 'Melding',
  queueReporterWantsReply: 'Den som meldte fra, får e-post når du markerer saken som behandlet.',
  handle: 'Marker som behandlet',
  dismiss: 'Avvis',
  decided: {
    handled: 'Markert som behandlet.',
    dismissed: 'Avvist.',
  },
};

export const visitorTextEn: typeof visitorTextNb = {
  reportLink: 'Report an error',
  reportLinkText: 'Is something wrong or out of date here?',
  reportTitle: (name: string) => `Report an error about ${name}`,
  reportIntro: 'Tell us what is wrong and a moderator will look at it. Your report is not shown publicly.',
  kindLegend: 'What is wrong?',
  kinds: {
    wrong_info: 'Wrong or out-of-date information',
    closed: 'The association has closed down',
    broken_link: 'A link does not work',
    other: 'Something else',
  },
  reportMessageLabel: 'Describe the error',
  reportMessageHint: 'What is wrong, and what is right? 2000 characters at most.',
  reportEmailLabel: 'Your email address',
  reportEmailHint: 'Fill this in if you would like to hear when it has been corrected. The address is not shown and is used for nothing else.',
  reportSubmit: 'Send the report',
  reportThanksTitle: 'Thank you for telling us',
  reportThanksText: 'A moderator will look at your report, usually within a few days.',
  backToEntry: (name: string) => `Back to ${name}`,
  errors: {
    kindRequired: 'Choose what is wrong.',
    reportMessageRequired: 'Describe the error, so the moderator knows what to correct.',
    reportMessageTooLong: 'The description must be 2000 characters or fewer.',
    emailRequired: 'Enter your email address, so the association can reply to you.',
    emailInvalid: 'Enter the email address in the correct format, for example name@example.com.',
    emailTooLong: 'The email address must be 254 characters or fewer.',
    nameRequired: 'Enter your name.',
    nameTooLong: 'Your name must be 120 characters or fewer.',
    contactMessageRequired: 'Write a message to the association.',
    contactMessageTooLong: 'The message must be 3000 characters or fewer.',
  },
  mailReportHandledSubject: (name: string) => `The error you reported about ${name} has been dealt with`,
  mailReportHandledBody: (p: { name: string; url: string }) =>
    `Hello,\n\nThank you for reporting an error about ${p.name} in Lagportal. A moderator has looked at it and done what was needed:\n${p.url}\n\nLagportal`,

  contactLink: 'Send a message',
  contactTitle: (name: string) => `Send a message to ${name}`,
  contactIntro: 'Your message is emailed to the association, and they reply to you directly.',
  contactNameLabel: 'Your name',
  contactEmailLabel: 'Your email address',
  contactEmailHint: 'The association replies to this address. Lagportal keeps it no longer than the email it sends.',
  contactMessageLabel: 'Message',
  contactMessageHint: '3000 characters at most.',
  contactSubmit: 'Send the message',
  contactThanksTitle: 'Your message has been sent',
  contactThanksText: (name: string) => `Your message has been sent to ${name}. The reply comes by email, directly from the association.`,
  mailContactSubject: 'New message through the contact form in Lagportal',
  mailContactBody: (p: { association: string; from: string; message: string; url: string }) =>
    `${p.message}\n\n-- \nThis message was sent by ${p.from} through the contact form for ${p.association} on Lagportal:\n${p.url}\nReply to this email to answer the sender. Lagportal has not shown your email address to the sender.`,

  queueReportKind: 'What is wrong',
  queueReportMessage: 'Message',
  queueReporterWantsReply: 'The reporter gets an email when you mark this as handled.',
  handle: 'Mark as handled',
  dismiss: 'Dismiss',
  decided: {
    handled: 'Marked as handled.',
    dismissed: 'Dismissed.',
  },
};

export type VisitorErrorKey = keyof typeof visitorTextNb.errors;
