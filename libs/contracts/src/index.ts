export { envelopeSchema, makeEnvelope, type Envelope, type EnvelopeOptions } from './envelope.js';
export { eventSchemas, isEventType, parseEventData, deadLetterSubject, deadLetterSchema, type EventType, type EventData, type DeadLetter } from './events.js';
export { consumerGroups, consumerGroupServices, type ConsumerGroupName, type ConsumerGroups } from './consumers.js';
export { randomText } from './random-id.js';
