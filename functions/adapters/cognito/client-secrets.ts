/**
 * A Cognito app client's secrets (up to two at once, for rotation without downtime). One
 * technology: the Cognito Identity Provider client. Used by the rotation function only.
 */
import {
  AddUserPoolClientSecretCommand,
  CognitoIdentityProviderClient,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ProviderClientSecrets } from '../../services/client-secret-rotation';

export function cognitoClientSecrets(options: {
  region: string;
  userPoolId: string;
  clientId: string;
  instrument?: (client: CognitoIdentityProviderClient) => CognitoIdentityProviderClient;
}): ProviderClientSecrets {
  const built = new CognitoIdentityProviderClient({ region: options.region });
  const client = options.instrument ? options.instrument(built) : built;
  const target = { UserPoolId: options.userPoolId, ClientId: options.clientId };
  return {
    async list() {
      const found: { id: string; createdAt: Date }[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListUserPoolClientSecretsCommand({ ...target, NextToken }));
        for (const s of page.ClientSecrets ?? [])
          if (s.ClientSecretId) found.push({ id: s.ClientSecretId, createdAt: s.ClientSecretCreateDate ?? new Date(0) });
        NextToken = page.NextToken;
      } while (NextToken);
      return found.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async add() {
      // No ClientSecret given: Cognito generates it.
      const { ClientSecretDescriptor: added } = await client.send(new AddUserPoolClientSecretCommand(target));
      if (!added?.ClientSecretId || !added.ClientSecretValue) throw new Error('Cognito returned no client secret');
      return { id: added.ClientSecretId, value: added.ClientSecretValue };
    },
    async delete(id) {
      await client.send(new DeleteUserPoolClientSecretCommand({ ...target, ClientSecretId: id }));
    },
  };
}
