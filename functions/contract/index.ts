/**
 * The contract between AIM's parts: the zod schemas of everything the API takes and
 * answers. Entity types are inferred from them, the OpenAPI document is generated from
 * them (docs/openapi.json), and the web app's types are generated from that document.
 * Only the pure core may be imported here.
 */
export * from './agents';
export * from './assessment';
export * from './audit-trail';
export * from './benchmarks';
export * from './evidence';
export * from './evidence-uploads';
export * from './identity';
export * from './milestones';
export * from './organisation';
export * from './organisation-export';
export * from './people';
export * from './plan';
export * from './platform-agents';
export * from './problem';
export * from './questionnaire';
export * from './report';
export * from './scopes';
export * from './targets';
