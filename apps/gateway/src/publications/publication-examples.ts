/** OpenAPI examples of `POST /publications`, one per kind, in the demo directory's terms. */
export const createPublicationExamples = {
  telegram: {
    summary: 'A restricted telegram from Belgrade',
    value: {
      kind: 'telegram',
      subject: 'Serbie — reprise des négociations d’adhésion à l’Union européenne',
      summary: 'Belgrade se dit prête à ouvrir le groupe de chapitres « fondamentaux ».',
      body: '<p>Résumé : le gouvernement serbe a confirmé sa volonté de rouvrir les négociations.</p>',
      priority: 'urgent',
      country: 'RS',
      topics: ['serbie', 'union-europeenne'],
      classification: 'restricted',
      forAction: ['meae-deur-balkans'],
      forInformation: ['meae-com'],
    },
  },
  diplomatic_note: {
    summary: 'A note from the Balkans service to two posts',
    value: {
      kind: 'diplomatic_note',
      subject: 'Note — position française sur le dialogue Belgrade–Pristina',
      summary: 'Éléments de langage communs aux postes de la région.',
      body: '<p>Les postes relaieront la position française auprès de leurs interlocuteurs.</p>',
      classification: 'restricted',
      emittingUnitId: 'meae-deur-balkans',
      addressees: ['amb-belgrade', 'amb-zagreb'],
      forAction: ['amb-belgrade'],
    },
  },
  formal_letter: {
    summary: 'A formal letter to a Serbian ministry, to be signed',
    value: {
      kind: 'formal_letter',
      subject: 'Lettre au ministère serbe de l’intégration européenne — jumelage',
      body: '<p>Madame la Ministre,</p><p>J’ai l’honneur d’accuser réception de votre lettre du 3 mars.</p>',
      classification: 'internal',
      recipient: { name: 'Mme Tanja Miščević', organisation: 'Ministère de l’intégration européenne', address: 'Nemanjina 34, 11000 Belgrade, Serbie' },
      ourReference: 'AMB-BEL/2026/117',
      theirReference: 'MEI-2026-0342',
      signatureRequired: true,
      forInformation: ['meae-deur-balkans'],
    },
  },
  post: {
    summary: 'A post in the Balkans community',
    value: {
      kind: 'post',
      subject: 'Retour d’expérience — organiser une visite ministérielle à Belgrade',
      body: '<h2>Logistique</h2><ul><li>Prévoir les accréditations presse trois semaines avant.</li></ul>',
      classification: 'internal',
      communities: ['balkans'],
    },
  },
};
