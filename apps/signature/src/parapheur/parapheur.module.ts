import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseKeyStore } from '../crypto/database-key-store';
import { KEYSTORE_SECRET, KeyStore } from '../crypto/key-store';
import { CircuitEntity } from './circuit.entity';
import { ParapheurMessageController } from './parapheur.message.controller';
import { ParapheurRepository } from './parapheur.repository';
import { ParapheurService } from './parapheur.service';

@Module({})
export class ParapheurModule {
  /** The key store is a port: an HSM or KMS adapter replaces `DatabaseKeyStore` here. */
  static register(keystoreSecret: string): DynamicModule {
    return {
      module: ParapheurModule,
      imports: [TypeOrmModule.forFeature([CircuitEntity])],
      controllers: [ParapheurMessageController],
      providers: [
        ParapheurService,
        ParapheurRepository,
        { provide: KEYSTORE_SECRET, useValue: keystoreSecret },
        { provide: KeyStore, useClass: DatabaseKeyStore },
      ],
    };
  }
}
