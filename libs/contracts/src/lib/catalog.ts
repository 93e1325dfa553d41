import { DirectoryContracts, DirectoryEvents } from './directory/directory.contracts';
import { EventContract, RequestContract } from './messages';
import { PublicationContracts, PublicationEvents } from './publications/publications.contracts';
import { RoutingContracts, RoutingEvents } from './routing/routing.contracts';
import { SearchContracts } from './search/search.contracts';
import { SignatureContracts, SignatureEvents } from './signature/signature.contracts';

/** Every request/reply subject of the platform: what `docs/asyncapi.yaml` is generated from. */
export const AllRequests: readonly RequestContract[] = [
  ...Object.values(DirectoryContracts),
  ...Object.values(PublicationContracts),
  ...Object.values(RoutingContracts),
  ...Object.values(SearchContracts),
  ...Object.values(SignatureContracts),
];

/** Every domain event of the platform. */
export const AllEvents: readonly EventContract[] = [
  ...Object.values(DirectoryEvents),
  ...Object.values(PublicationEvents),
  ...Object.values(RoutingEvents),
  ...Object.values(SignatureEvents),
];
