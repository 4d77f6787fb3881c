// memory: the translation memory of a loaded project, per language (stages/memory.ts
// builds it; this reads it off the project for the tm and xliff commands).
import type { Project } from '../io/project.ts';
import { buildMemory, type MemoryPair } from '../stages/memory.ts';

/** The memory of one language: every document's translations (a derived language: its source's records). */
export function memoryOf(project: Project, lang: string): MemoryPair[] {
  const recordsOf = project.registry.find(lang)?.derivedFrom?.code ?? lang;
  return buildMemory(
    project.documents.map(({ doc, segmented }) => ({
      id: doc.id,
      segments: segmented.segments,
      values: project.resources[lang]?.[doc.id] ?? {},
      records: project.records[recordsOf]?.[doc.id] ?? {},
    })),
  );
}
