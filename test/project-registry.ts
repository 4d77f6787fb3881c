// The language registry of the repository's own project, for the tests that build or
// read its real content (tests of other content make a registry of their own).
import { join } from 'node:path';
import { readRegistry } from '../scripts/io/registry.ts';

export const REGISTRY = readRegistry(join(import.meta.dirname, '..'));
export const LANGUAGES = REGISTRY.languages;
export const language = REGISTRY.get;
export const findLanguage = REGISTRY.find;
