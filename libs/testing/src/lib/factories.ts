import { randomUUID } from 'node:crypto';
import { AgentPrincipal, CreatePublication, PartnerPrincipal, ServicePrincipal } from '@diplomatie/contracts';

/** Principals shaped like the demo directory's people (docs/demo-data.md). */
export function agentPrincipal(over: Partial<AgentPrincipal> = {}): AgentPrincipal {
  return {
    kind: 'agent',
    id: randomUUID(),
    login: 'claire.moreau',
    displayName: 'Claire Moreau',
    ministries: ['meae'],
    units: ['meae-deur-balkans'],
    headOf: [],
    supervisedUnits: [],
    communities: [],
    topics: [],
    roles: [],
    ...over,
  };
}

export const demoPrincipals = {
  julien: () => agentPrincipal({ login: 'julien.bernard', displayName: 'Julien Bernard', units: ['amb-belgrade'], communities: ['balkans'] }),
  claire: () => agentPrincipal({ login: 'claire.moreau', displayName: 'Claire Moreau', units: ['meae-deur-balkans'], topics: ['serbie'], communities: ['balkans'] }),
  marc: () => agentPrincipal({ login: 'marc.lefevre', displayName: 'Marc Lefèvre', units: ['meae-deur-balkans'], headOf: ['meae-deur-balkans'] }),
  philippe: () => agentPrincipal({
    login: 'philippe.garnier', displayName: 'Philippe Garnier', units: ['meae-deur'], headOf: ['meae-deur'],
    supervisedUnits: ['meae-deur-balkans'], communities: ['balkans', 'veille-kosovo'],
  }),
  amina: () => agentPrincipal({ login: 'amina.diallo', displayName: 'Amina Diallo', units: ['meae-com'] }),
  paul: () => agentPrincipal({ login: 'paul.martin', displayName: 'Paul Martin', ministries: ['minefi'], units: ['minefi-tresor-europe'], topics: ['energie'] }),
  sophie: (): PartnerPrincipal => ({
    kind: 'partner', id: randomUUID(), login: 'sophie.laurent', displayName: 'Sophie Laurent',
    organisationId: 'presse-le-quotidien', charterAccepted: true, communities: [], topics: [],
  }),
};

export function servicePrincipal(name = 'test'): ServicePrincipal {
  return { kind: 'service', id: name, name };
}

/** A restricted telegram from Belgrade pour action to the Balkans service, in real French. */
export function telegramDraft(over: Partial<Extract<CreatePublication, { kind: 'telegram' }>> = {}) {
  return {
    kind: 'telegram' as const,
    subject: 'Serbie — reprise des négociations d’adhésion à l’Union européenne',
    summary: 'Belgrade se dit prête à ouvrir le groupe de chapitres « fondamentaux » avant la fin de l’année.',
    body:
      '<p>Résumé : le gouvernement serbe a confirmé sa volonté de rouvrir les négociations sur les chapitres 23 et 24.</p>' +
      '<p>Commentaire : la présidence du Conseil souhaite un signal rapide ; les partenaires régionaux observent.</p>',
    priority: 'urgent' as const,
    country: 'RS',
    topics: ['serbie', 'union-europeenne'],
    classification: 'restricted' as const,
    forAction: ['meae-deur-balkans'],
    forInformation: ['meae-com'],
    communities: [],
    emittingUnitId: 'amb-belgrade',
    ...over,
  };
}

/** A diplomatic note from the Balkans service to the embassies in Belgrade and Zagreb, pour action to Belgrade. */
export function diplomaticNoteDraft(over: Partial<Extract<CreatePublication, { kind: 'diplomatic_note' }>> = {}) {
  return {
    kind: 'diplomatic_note' as const,
    subject: 'Note — position française sur le dialogue Belgrade–Pristina',
    summary: 'Éléments de langage communs aux postes de la région avant la réunion du Conseil.',
    body: '<p>Les postes sont invités à relayer la position française auprès de leurs interlocuteurs.</p>',
    topics: ['serbie', 'kosovo'],
    classification: 'restricted' as const,
    addressees: ['amb-belgrade', 'amb-zagreb'],
    forAction: ['amb-belgrade'],
    forInformation: [],
    communities: [],
    emittingUnitId: 'meae-deur-balkans',
    ...over,
  };
}

/** A formal letter from Belgrade to a Serbian ministry, answering its own letter. */
export function formalLetterDraft(over: Partial<Extract<CreatePublication, { kind: 'formal_letter' }>> = {}) {
  return {
    kind: 'formal_letter' as const,
    subject: 'Lettre au ministère serbe de l’intégration européenne — programme de jumelage',
    summary: 'Réponse à la demande de coopération administrative sur le chapitre 23.',
    body: '<p>Madame la Ministre,</p><p>J’ai l’honneur d’accuser réception de votre lettre du 3 mars.</p>',
    topics: ['serbie', 'elargissement'],
    classification: 'internal' as const,
    recipient: { name: 'Mme Tanja Miščević', organisation: 'Ministère de l’intégration européenne de la République de Serbie', address: 'Nemanjina 34, 11000 Belgrade, Serbie' },
    ourReference: 'AMB-BEL/2026/117',
    theirReference: 'MEI-2026-0342',
    signatureRequired: false,
    forAction: [],
    forInformation: ['meae-deur-balkans'],
    communities: [],
    emittingUnitId: 'amb-belgrade',
    ...over,
  };
}

/** A post in the Balkans community: no unit pour action. */
export function communityPostDraft(over: Partial<Extract<CreatePublication, { kind: 'post' }>> = {}) {
  return {
    kind: 'post' as const,
    subject: 'Retour d’expérience — organiser une visite ministérielle à Belgrade',
    summary: 'Ce qui a fonctionné, ce qu’il faudrait éviter la prochaine fois.',
    body: '<h2>Logistique</h2><ul><li>Prévoir les accréditations presse trois semaines avant.</li></ul>',
    topics: ['serbie'],
    classification: 'internal' as const,
    communities: ['balkans'],
    forInformation: [],
    emittingUnitId: 'amb-belgrade',
    ...over,
  };
}
