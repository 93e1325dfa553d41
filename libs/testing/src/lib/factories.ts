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
