import { AssignmentTransitionEntity, ReadMarkEntity } from '../assignments/assignment-transition.entity';
import { AgentReplicaEntity } from './agent-replica.entity';
import { AssignmentEntity } from './assignment.entity';
import { JournalItemEntity } from './journal-item.entity';

/** Every table of the routing schema, for the data source. */
export const routingEntities = [JournalItemEntity, AssignmentEntity, AgentReplicaEntity, AssignmentTransitionEntity, ReadMarkEntity];
