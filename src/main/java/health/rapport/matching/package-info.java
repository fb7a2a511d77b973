/**
 * Matching: who may take a referral (hard filters) and how well each candidate fits (a weighted
 * score with an explanation per criterion). Pure Java: no FHIR, no Lucene. {@link
 * health.rapport.matching.MatchScorer} is the one definition of the formula; index adapters
 * behind {@link health.rapport.matching.ProviderIndex} find candidates and rank them with it.
 */
package health.rapport.matching;
