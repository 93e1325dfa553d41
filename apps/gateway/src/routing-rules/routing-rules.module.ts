import { Module } from '@nestjs/common';
import { PublicationRoutingHttpController, RoutingRulesHttpController } from './routing-rules.http.controller';

@Module({ controllers: [RoutingRulesHttpController, PublicationRoutingHttpController] })
export class RoutingRulesModule {}
