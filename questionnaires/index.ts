/**
 * Every questionnaire file, imported statically so that bundlers (the Lambda build)
 * include them. A test checks that each JSON file under questionnaires/ is listed.
 */
import agentIdentity_1_0_0 from './agent-identity/1.0.0.json';
import agentIdentity_1_1_0 from './agent-identity/1.1.0.json';
import agentIdentity_1_2_0 from './agent-identity/1.2.0.json';

export const questionnaireDocuments: { source: string; content: unknown }[] = [
  { source: 'questionnaires/agent-identity/1.0.0.json', content: agentIdentity_1_0_0 },
  { source: 'questionnaires/agent-identity/1.1.0.json', content: agentIdentity_1_1_0 },
  { source: 'questionnaires/agent-identity/1.2.0.json', content: agentIdentity_1_2_0 },
];
