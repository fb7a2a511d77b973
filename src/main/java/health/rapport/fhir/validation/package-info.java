/**
 * Profile validation of every write: HAPI's instance validator, offline, with the core
 * definitions and Rapport's FHIR package.
 */
package health.rapport.fhir.validation;
