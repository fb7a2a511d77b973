/**
 * The FHIR R4 layer: HAPI's plain {@code RestfulServer} at {@code /fhir}, one generic resource
 * provider per directory type, the lossless versioned resource store, and generic search over
 * values extracted from each SearchParameter's FHIRPath expression.
 */
package health.rapport.fhir;
